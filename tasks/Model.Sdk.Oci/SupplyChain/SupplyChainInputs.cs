using System.Text.Json.Nodes;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// Everything the SBOM and the provenance of one image manifest are made from: the manifest and its config, the
/// platform's base components, the model folder, and the few build facts the image does not hold itself. Both
/// documents are pure functions of it (no clock, no random, no path of the build machine).
/// </summary>
public sealed record SupplyChainInputs
{
    /// <summary>The image manifest the documents are about (their OCI subject).</summary>
    public required Descriptor Subject { get; init; }
    public required Manifest Manifest { get; init; }
    public required JsonObject Config { get; init; }
    public required Platform Platform { get; init; }

    /// <summary>registry/repository (or the repository alone when no registry is set).</summary>
    public required string ImageName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The base's components for this platform; null for a base without a list.</summary>
    public BaseComponents? Base { get; init; }
    public required ModelFolderFacts Model { get; init; }
    public required string SdkVersion { get; init; }
    public long? SourceDateEpoch { get; init; }

    /// <summary>Build settings that change the image but are not visible in it (ContainerLargeFileThreshold ...).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public string Label(string key) =>
        Config["config"]?["Labels"]?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public string? Annotation(string key) => Manifest.Annotations.GetValueOrDefault(key);

    /// <summary>RFC 3339 time of SOURCE_DATE_EPOCH; null without it (no wall clock is ever written).</summary>
    public string? Time =>
        SourceDateEpoch is { } epoch
            ? DateTimeOffset
                .FromUnixTimeSeconds(epoch)
                .UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
