using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>A base image read from a local OCI layout: its manifest, config and layers, reused by digest.</summary>
public sealed class BaseImage
{
    private BaseImage(OciLayout? layout, string? manifestDigest, JsonObject manifest, JsonObject config)
    {
        Layout = layout;
        ManifestDigest = manifestDigest;
        Manifest = manifest;
        Config = config;
        Layers = (manifest["layers"] as JsonArray ?? [])
            .Select(l => new LayerDescriptor(
                MediaTypes.ToOciLayer((string?)l!["mediaType"] ?? MediaTypes.OciLayerGzip),
                (string?)l["digest"] ?? "",
                (long?)l["size"] ?? 0,
                ""
            ))
            .ToList();
        var diffIds = (config["rootfs"]?["diff_ids"] as JsonArray ?? []).Select(d => (string?)d ?? "").ToList();
        if (diffIds.Count != Layers.Count)
        {
            throw new ModelSdkException(
                ErrorCodes.BaseImageInvalid,
                $"The base image at '{layout?.Root}' lists {Layers.Count} layers but {diffIds.Count} diff_ids. Rebuild or re-pull the base image.",
                layout?.Root
            );
        }
        Layers = Layers.Select((l, i) => l with { DiffId = diffIds[i] }).ToList();
        foreach (var layer in Layers)
        {
            if (!Digest.IsValid(layer.Digest) || !File.Exists(layout!.BlobPath(layer.Digest)))
            {
                throw new ModelSdkException(
                    ErrorCodes.BaseImageInvalid,
                    $"The base image at '{layout?.Root}' is missing layer blob {layer.Digest}. Copy the complete image again (e.g. 'skopeo copy ... oci:DIR').",
                    layout?.Root
                );
            }
        }
    }

    /// <summary>The empty image ("FROM scratch"): no layers, a config with only the platform.</summary>
    public static BaseImage Scratch(Platform platform) =>
        new(
            null,
            null,
            new JsonObject { ["layers"] = new JsonArray() },
            new JsonObject
            {
                ["architecture"] = platform.Architecture,
                ["os"] = platform.Os,
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
            }
        );

    /// <summary>null for <see cref="Scratch"/>.</summary>
    public OciLayout? Layout { get; }

    /// <summary>null for <see cref="Scratch"/>.</summary>
    public string? ManifestDigest { get; }
    public JsonObject Manifest { get; }
    public JsonObject Config { get; }
    public IReadOnlyList<LayerDescriptor> Layers { get; }

    /// <summary>Opens the image for <paramref name="platform"/> in an OCI layout directory.</summary>
    public static BaseImage Open(string layoutDirectory, Platform platform)
    {
        var layout = new OciLayout(layoutDirectory);
        var (digest, manifest) = Resolve(layout, layout.ReadIndex(), platform, depth: 0);
        var configDigest = (string?)manifest["config"]?["digest"] ?? "";
        var config = layout.ReadJsonBlob(configDigest);
        var os = (string?)config["os"];
        var arch = (string?)config["architecture"];
        if ((os is not null && os != platform.Os) || (arch is not null && arch != platform.Architecture))
        {
            throw WrongPlatform(layout, $"{os}/{arch}", platform);
        }
        return new BaseImage(layout, digest, manifest, config);
    }

    private static (string Digest, JsonObject Manifest) Resolve(
        OciLayout layout,
        JsonObject index,
        Platform platform,
        int depth
    )
    {
        // Artifacts beside an image (an SBOM, a provenance statement) are not images.
        var manifests = (index["manifests"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(m => m["artifactType"] is null)
            .ToList();
        if (manifests.Count == 0 || depth > 4)
        {
            throw new ModelSdkException(
                ErrorCodes.BaseImageNotFound,
                $"The OCI layout at '{layout.Root}' holds no image. Copy an image into it first (e.g. 'skopeo copy docker://IMAGE oci:DIR').",
                layout.Root
            );
        }
        var chosen = manifests.Count == 1 ? manifests[0] : PickPlatform(layout, manifests, platform);
        var digest = (string?)chosen["digest"] ?? "";
        var node = layout.ReadJsonBlob(digest);
        var mediaType = (string?)node["mediaType"] ?? (string?)chosen["mediaType"];
        if (MediaTypes.IsIndex(mediaType) || node["manifests"] is JsonArray)
        {
            return Resolve(layout, node, platform, depth + 1);
        }
        return (digest, node);
    }

    private static JsonObject PickPlatform(OciLayout layout, List<JsonObject> manifests, Platform platform)
    {
        var match = manifests.FirstOrDefault(m =>
            (string?)m["platform"]?["os"] == platform.Os
            && (string?)m["platform"]?["architecture"] == platform.Architecture
        );
        if (match is not null)
        {
            return match;
        }
        var available = string.Join(
            ", ",
            manifests.Select(m => $"{(string?)m["platform"]?["os"]}/{(string?)m["platform"]?["architecture"]}")
        );
        throw WrongPlatform(layout, available, platform);
    }

    private static ModelSdkException WrongPlatform(OciLayout layout, string found, Platform platform) =>
        new(
            ErrorCodes.BaseImageWrongPlatform,
            $"The base image at '{layout.Root}' is for {found}, but the model image is built for {platform}. Use a {platform} base image, or set ContainerRuntimeIdentifier to match the base.",
            layout.Root
        );
}
