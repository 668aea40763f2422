using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>One of the image's model layers and what it becomes in the ModelPack artifact.</summary>
public sealed record ModelPackLayer(Descriptor Blob, string DiffId, string Description, bool IsWeight);

/// <summary>
/// What the ModelPack artifact takes from the runnable image's OCI layout: the model layers Model.Sdk added (the
/// last layers, named "Model.Sdk: ..." in the config history), their diff IDs, the manifest annotations and labels.
/// </summary>
public sealed record ModelPackSource(
    OciLayout Layout,
    string ImageDigest,
    IReadOnlyList<ModelPackLayer> Layers,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> Labels,
    string? Created
)
{
    private const string HistoryPrefix = "Model.Sdk: ";

    /// <summary>The layers the image planner names for model files (ModelFolderLayers).</summary>
    public static bool IsWeightLayer(string description) =>
        description.StartsWith("model file ", StringComparison.Ordinal) || description == "small model files";

    public static bool IsModelLayer(string description) =>
        IsWeightLayer(description) || description == "contract and configuration";

    /// <summary>Seconds since 1970 of <see cref="Created"/> (SOURCE_DATE_EPOCH), else 0: the tar mtime the image uses.</summary>
    public long ModificationTime =>
        Created is { } created
        && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeSeconds()
            : 0;

    public static ModelPackSource Read(string imageLayoutDirectory)
    {
        var layout = new OciLayout(
            imageLayoutDirectory,
            new LayoutErrors(ErrorCodes.ModelPackSourceInvalid, "Build the image again with 'dotnet build'.")
        );
        // The runnable image: one manifest, or an index whose platforms share the model layers (read the first,
        // in the index's fixed order, so the artifact does not depend on the machine that builds it).
        var imageDigest = LayoutImages.Root(layout).Digest;
        var manifest = layout.ReadJsonBlob(LayoutImages.Manifests(layout)[0].Digest);
        var config = layout.ReadJsonBlob((string?)manifest["config"]?["digest"] ?? "");
        // The model layers are the image's last ones; the SDK's base has "Model.Sdk: " layers of its own before them.
        var ours = (config["history"] as JsonArray ?? [])
            .Select(h => (string?)h?["created_by"] ?? "")
            .Reverse()
            .TakeWhile(c =>
                c.StartsWith(HistoryPrefix, StringComparison.Ordinal) && IsModelLayer(c[HistoryPrefix.Length..])
            )
            .Select(c => c[HistoryPrefix.Length..])
            .Reverse()
            .ToList();
        var layers = (manifest["layers"] as JsonArray ?? [])
            .Select(l => new Descriptor(
                (string?)l?["mediaType"] ?? "",
                (string?)l?["digest"] ?? "",
                (long?)l?["size"] ?? 0
            ))
            .ToList();
        var diffIds = (config["rootfs"]?["diff_ids"] as JsonArray ?? []).Select(d => (string?)d ?? "").ToList();
        if (ours.Count == 0 || ours.Count > layers.Count || layers.Count != diffIds.Count)
        {
            throw new ModelSdkException(
                ErrorCodes.ModelPackSourceInvalid,
                $"The image in '{layout.Root}' has no model layers written by Model.Sdk, so there are no weights to share with a ModelPack artifact. Build the image again with 'dotnet build', or set ModelPackArtifact=false.",
                layout.Root
            );
        }
        var first = layers.Count - ours.Count;
        var modelLayers = ours.Select(
                (description, i) =>
                    new ModelPackLayer(layers[first + i], diffIds[first + i], description, IsWeightLayer(description))
            )
            .ToList();
        return new ModelPackSource(
            layout,
            imageDigest,
            modelLayers,
            Strings(manifest["annotations"]),
            Strings(config["config"]?["Labels"]),
            (string?)config["created"]
        );
    }

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject ?? [])
            .Where(p => p.Value is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
}
