using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>
/// LocalRegistry: loads the OCI layout into Podman or Docker and tags it with every repository:tag, through the
/// engine's Docker API (streamed, no archive file) unless LocalRegistryClient=Cli.
/// </summary>
public sealed class LoadModelImage : ModelImageStepTask
{
    [Required]
    public string LocalRegistry { get; set; } = "";

    /// <summary>The archive ModelImageArchive wrote, if any; otherwise a temporary one in <see cref="CacheDirectory"/>.</summary>
    public string? ArchivePath { get; set; }

    [Required]
    public string CacheDirectory { get; set; } = "";

    /// <summary>LocalRegistryClient: Api (default) or Cli.</summary>
    public string? Client { get; set; }

    /// <summary>LocalRegistryHost: the engine API address (unix:///..., tcp://...); empty: DOCKER_HOST or the default sockets.</summary>
    public string? Host { get; set; }

    /// <summary>LocalRegistryTimeout: seconds the whole load may take.</summary>
    public string? TimeoutSeconds { get; set; }

    protected override void RunStep()
    {
        var engine = LocalEngines.For(
            LocalRegistry,
            new LocalEngineOptions
            {
                Client = NullIfEmpty(Client),
                Host = NullIfEmpty(Host),
                TimeoutSeconds = NullIfEmpty(TimeoutSeconds),
                Log = message => Log.LogMessage(MessageImportance.Normal, message),
            }
        );
        var names = RepositoryTags;
        LocalEngineLoader.Load(engine, LayoutDirectory, NullIfEmpty(ArchivePath), CacheDirectory, names);
        Log.LogMessage(MessageImportance.High, $"  loaded into {engine.Name}: {string.Join(", ", names)}");
    }
}
