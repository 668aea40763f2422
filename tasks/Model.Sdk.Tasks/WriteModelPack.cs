using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>
/// ModelPackEnabled: writes the CNCF ModelPack artifact of the built image to <see cref="OutputDirectory"/>, tagged
/// with every image tag plus <see cref="TagSuffix"/>; its weight layers are the image's blobs.
/// </summary>
public sealed class WriteModelPack : ModelImageStepTask
{
    [Required]
    public string ModelDirectory { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";

    public string TagSuffix { get; set; } = "-modelpack";
    public string? Architecture { get; set; }
    public string? Precision { get; set; }

    [Output]
    public string ManifestDigest { get; private set; } = "";

    [Output]
    public string[] Tags { get; private set; } = [];

    protected override void RunStep()
    {
        Tags = ContainerImageTags
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t + TagSuffix.Trim())
            .ToArray();
        var result = ModelPackWriter.Write(
            new ModelPackRequest
            {
                ImageLayoutDirectory = LayoutDirectory,
                ModelDirectory = ModelDirectory,
                OutputDirectory = OutputDirectory,
                Tags = Tags,
                Architecture = NullIfEmpty(Architecture),
                Precision = NullIfEmpty(Precision),
            }
        );
        ManifestDigest = result.ManifestDigest;
        Log.LogMessage(
            MessageImportance.Normal,
            $"  ModelPack artifact: {OutputDirectory} ({result.ManifestDigest}; {result.SharedLayers.Count} layers shared with the image)"
        );
    }
}
