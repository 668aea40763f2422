using System.Reflection;
using Microsoft.Build.Framework;
using ModelSdk.Oci.SupplyChain;

namespace ModelSdk.Tasks;

/// <summary>
/// ContainerGenerateSbom / ContainerGenerateProvenance: attaches a CycloneDX SBOM and an in-toto SLSA provenance
/// statement to every image manifest of the layout ModelImage wrote (as OCI referrers; the image does not change).
/// </summary>
public sealed class AttachModelImageSupplyChain : ModelImageStepTask
{
    [Required]
    public string ModelDirectory { get; set; } = "";

    public bool GenerateSbom { get; set; } = true;

    public bool GenerateProvenance { get; set; } = true;

    /// <summary>The bases' component lists (model-sdk-components.json beside each base layout); missing files are skipped.</summary>
    public string[] BaseComponentFiles { get; set; } = [];

    /// <summary>Seconds since 1970; empty uses the SOURCE_DATE_EPOCH environment variable, else no time is written.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>kind=digest for each artifact written (sbom, provenance).</summary>
    [Output]
    public string[] Artifacts { get; private set; } = [];

    protected override void RunStep()
    {
        var attached = ReferrerAttacher.Attach(
            LayoutDirectory,
            new SupplyChainOptions
            {
                Sbom = GenerateSbom,
                Provenance = GenerateProvenance,
                ImageName = ImageName(),
                Tags = ContainerImageTags.Split(
                    ';',
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
                ),
                ModelDirectory = ModelDirectory,
                BaseComponentFiles = BaseComponentFiles.Where(f => f.Trim().Length > 0).ToList(),
                SdkVersion = SdkVersion(),
                SourceDateEpoch = ReadSourceDateEpoch(
                    SourceDateEpoch,
                    ErrorCodes.SupplyChainPropertyInvalid,
                    ", so the SBOM and provenance cannot be dated"
                ),
            }
        );
        Artifacts = attached.Select(a => $"{a.Kind}={a.Manifest.Digest}").ToArray();
        foreach (var artifact in attached)
        {
            Log.LogMessage(
                MessageImportance.Normal,
                $"  {artifact.Kind}: {artifact.Manifest.Digest} ({artifact.ContentSize} bytes) about {artifact.SubjectDigest}"
            );
        }
    }

    private string ImageName() =>
        NullIfEmpty(ContainerRegistry) is { } registry
            ? $"{registry}/{ContainerRepository.Trim()}"
            : ContainerRepository.Trim();

    /// <summary>The Model.Sdk package version, stamped into the task assembly when it is built.</summary>
    internal static string SdkVersion() =>
        typeof(AttachModelImageSupplyChain)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ModelSdkVersion")
            ?.Value
        ?? "0.0.0";
}
