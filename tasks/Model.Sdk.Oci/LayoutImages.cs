using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// The image manifests of a layout Model.Sdk wrote: index.json names one image manifest, or one image index whose
/// manifests are the per-platform images. Whatever is done per image (archive, load, SBOM) starts here.
/// </summary>
public static class LayoutImages
{
    /// <summary>index.json's one descriptor: the image manifest or the image index.</summary>
    public static Descriptor Root(OciLayout layout)
    {
        var entry = layout.ReadIndex()["manifests"]?[0] as JsonObject;
        var digest = (string?)entry?["digest"] ?? "";
        return new Descriptor(
            (string?)entry?["mediaType"] ?? MediaTypes.OciManifest,
            digest,
            (long?)entry?["size"] ?? 0
        );
    }

    /// <summary>Every image manifest, with its platform (from the index descriptor, or the config).</summary>
    public static IReadOnlyList<Descriptor> Manifests(OciLayout layout)
    {
        var root = Root(layout);
        var node = layout.ReadJsonBlob(root.Digest);
        if (!MediaTypes.IsIndex(root.MediaType) && node["manifests"] is not JsonArray)
        {
            var config = layout.ReadJsonBlob((string?)node["config"]?["digest"] ?? "");
            var platform = new Platform((string?)config["os"] ?? "", (string?)config["architecture"] ?? "");
            return [root with { Platform = platform }];
        }
        return (node["manifests"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(m => Descriptor.Parse(System.Text.Json.JsonSerializer.SerializeToElement(m), "the image index"))
            .ToList();
    }

    /// <summary>The image for this machine's CPU (linux/amd64 or linux/arm64), else the first.</summary>
    public static Descriptor ForHost(IReadOnlyList<Descriptor> manifests)
    {
        var host = HostPlatform;
        return manifests.FirstOrDefault(m => host.Matches(m.Platform)) ?? manifests[0];
    }

    public static Platform HostPlatform =>
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? new Platform("linux", "arm64") : Platform.LinuxAmd64;
}
