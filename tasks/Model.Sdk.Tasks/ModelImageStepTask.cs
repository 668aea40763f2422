using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>
/// A step that starts from the OCI layout ModelImage wrote (the archive, the load into a local engine): the image's
/// names from the same properties, the build lock, and errors pointing at the project.
/// </summary>
public abstract class ModelImageStepTask : ModelSdkTask
{
    /// <summary>The .modelproj: errors without a file of their own point at it.</summary>
    public string? ProjectFile { get; set; }

    [Required]
    public string LayoutDirectory { get; set; } = "";

    public string? ContainerRegistry { get; set; }

    [Required]
    public string ContainerRepository { get; set; } = "";

    [Required]
    public string ContainerImageTags { get; set; } = "";

    /// <summary>The lock file shared with BuildModelImage (see <see cref="BuildLock"/>).</summary>
    public string? LockFile { get; set; }

    public string? LockTimeout { get; set; }

    /// <summary>registry/repository:tag for every tag, as BuildModelImage names the image.</summary>
    protected IReadOnlyList<string> RepositoryTags =>
        ImageNames.RepositoryTags(
            NullIfEmpty(ContainerRegistry),
            ContainerRepository.Trim(),
            ContainerImageTags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        );

    protected abstract void RunStep();

    protected sealed override void Run()
    {
        try
        {
            var what = $"{Path.GetFileNameWithoutExtension(ProjectFile ?? "model")} ({LayoutDirectory})";
            using var held = BuildLocks.Acquire(LockFile, LockTimeout, what, Log);
            RunStep();
        }
        catch (ModelSdkException e) when (e.File is null && ProjectFile is not null)
        {
            throw new ModelSdkException(e.Code, e.Message, ProjectFile, 0, e);
        }
    }
}
