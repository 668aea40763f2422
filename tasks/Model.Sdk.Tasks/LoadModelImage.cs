using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>LocalRegistry: loads the OCI layout into Podman or Docker and tags it with every repository:tag.</summary>
public sealed class LoadModelImage : ModelImageStepTask
{
    [Required]
    public string LocalRegistry { get; set; } = "";

    /// <summary>The archive ModelImageArchive wrote, if any; otherwise a temporary one in <see cref="CacheDirectory"/>.</summary>
    public string? ArchivePath { get; set; }

    [Required]
    public string CacheDirectory { get; set; } = "";

    protected override void RunStep()
    {
        var engine = LocalEngines.For(LocalRegistry);
        var names = RepositoryTags;
        LocalEngineLoader.Load(engine, LayoutDirectory, NullIfEmpty(ArchivePath), CacheDirectory, names);
        Log.LogMessage(MessageImportance.High, $"  loaded into {engine.Name}: {string.Join(", ", names)}");
    }
}
