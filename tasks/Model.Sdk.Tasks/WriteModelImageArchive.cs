using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>ContainerArchiveOutputPath: the OCI layout as one OCI archive that podman, docker and skopeo load.</summary>
public sealed class WriteModelImageArchive : ModelImageStepTask
{
    /// <summary>Absolute (the target resolves ContainerArchiveOutputPath against the project folder).</summary>
    [Required]
    public string ArchivePath { get; set; } = "";

    protected override void RunStep()
    {
        OciArchiveWriter.Write(LayoutDirectory, ArchivePath, RepositoryTags);
        Log.LogMessage(MessageImportance.Normal, $"  OCI archive: {ArchivePath}");
    }
}
