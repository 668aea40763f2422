namespace ModelSdk.Oci;

/// <summary>A local container engine (LocalRegistry) that takes an OCI archive.</summary>
public interface ILocalEngine
{
    /// <summary>How the user named it (Podman, Docker), for messages.</summary>
    string Name { get; }

    /// <summary>Loads <paramref name="archivePath"/> and tags the image <paramref name="imageId"/> with every name.</summary>
    void Load(string archivePath, string imageId, IReadOnlyList<string> repositoryTags);
}

/// <summary>How LocalRegistry loads: the engine API (default) or the CLI, the API address and the timeout.</summary>
public sealed record LocalEngineOptions
{
    public const int DefaultTimeoutSeconds = 600;

    /// <summary>LocalRegistryClient: Api (default) or Cli.</summary>
    public string? Client { get; init; }

    /// <summary>LocalRegistryHost: the engine API address; empty uses DOCKER_HOST or the default sockets.</summary>
    public string? Host { get; init; }

    /// <summary>LocalRegistryTimeout in seconds; empty is <see cref="DefaultTimeoutSeconds"/>.</summary>
    public string? TimeoutSeconds { get; init; }

    public Action<string> Log { get; init; } = _ => { };

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeSpan Timeout
    {
        get
        {
            if (string.IsNullOrWhiteSpace(TimeoutSeconds))
            {
                return TimeSpan.FromSeconds(DefaultTimeoutSeconds);
            }
            if (
                int.TryParse(
                    TimeoutSeconds.Trim(),
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out var seconds
                )
                && seconds > 0
            )
            {
                return TimeSpan.FromSeconds(seconds);
            }
            throw new ModelSdkException(
                ErrorCodes.LocalEngineSettingInvalid,
                $"LocalRegistryTimeout '{TimeoutSeconds}' is not a number of seconds. Use a whole number above 0, e.g. LocalRegistryTimeout=1800 (the default is {DefaultTimeoutSeconds})."
            );
        }
    }
}

/// <summary>The engines LocalRegistry may name.</summary>
public static class LocalEngines
{
    /// <summary>The engine's CLI (LocalRegistryClient=Cli); <see cref="For(string, LocalEngineOptions)"/> picks the API by default.</summary>
    public static ILocalEngine For(string localRegistry) =>
        For(localRegistry, new LocalEngineOptions { Client = "Cli" });

    public static ILocalEngine For(string localRegistry, LocalEngineOptions options)
    {
        var name = localRegistry.Trim();
        var tool = name.ToLowerInvariant() switch
        {
            "podman" => "podman",
            "docker" => "docker",
            _ => throw new ModelSdkException(
                ErrorCodes.LocalRegistryInvalid,
                $"LocalRegistry '{localRegistry}' is not supported. Use 'Podman' or 'Docker', or leave it empty to only write the OCI layout."
            ),
        };
        var cli = new CliLocalEngine(name, tool);
        switch ((options.Client ?? "").Trim().ToLowerInvariant())
        {
            case "cli":
                return cli;
            case "" or "api":
                var endpoints = EngineEndpoints.For(tool, options.Host, options.Environment);
                return new ApiLocalEngine(
                    name,
                    tool,
                    endpoints,
                    options.Timeout,
                    options.Log,
                    tool == "podman" ? cli : null
                );
            default:
                throw new ModelSdkException(
                    ErrorCodes.LocalEngineSettingInvalid,
                    $"LocalRegistryClient '{options.Client}' is not supported. Use 'Api' (the engine's Docker API, the default) or 'Cli' (the {tool} command)."
                );
        }
    }
}

/// <summary>
/// Loads an OCI layout into a local engine: streamed from the layout when the engine takes a stream (the API
/// engine), else through an archive: the one given, or a temporary one. Of a multi-platform layout only this
/// machine's platform image is loaded.
/// </summary>
public static class LocalEngineLoader
{
    public static void Load(
        ILocalEngine engine,
        string layoutDirectory,
        string? archivePath,
        string scratchDirectory,
        IReadOnlyList<string> repositoryTags
    )
    {
        var imageId = ConfigDigest(layoutDirectory);
        var multiPlatform = LayoutImages.Manifests(new OciLayout(layoutDirectory, LayoutErrors.BuiltImage)).Count > 1;
        if (!multiPlatform && !string.IsNullOrWhiteSpace(archivePath) && File.Exists(archivePath))
        {
            engine.Load(archivePath, imageId, repositoryTags);
            return;
        }
        if (engine is ILayoutLoader streaming)
        {
            streaming.LoadLayout(layoutDirectory, scratchDirectory, imageId, repositoryTags);
            return;
        }
        LoadThroughArchive(engine, layoutDirectory, scratchDirectory, imageId, repositoryTags);
    }

    /// <summary>Writes a temporary archive in <paramref name="scratchDirectory"/>, loads it and deletes it.</summary>
    public static void LoadThroughArchive(
        ILocalEngine engine,
        string layoutDirectory,
        string scratchDirectory,
        string imageId,
        IReadOnlyList<string> repositoryTags
    )
    {
        Directory.CreateDirectory(scratchDirectory);
        var temporary = Path.Combine(scratchDirectory, "image-load.tar");
        OciArchiveWriter.Write(layoutDirectory, temporary, repositoryTags, onlyHostPlatform: true);
        try
        {
            engine.Load(temporary, imageId, repositoryTags);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The image id engines know it by: the digest of its config (this machine's platform's, for an index).</summary>
    public static string ConfigDigest(string layoutDirectory)
    {
        var layout = new OciLayout(layoutDirectory, LayoutErrors.BuiltImage);
        var manifest = LayoutImages.ForHost(LayoutImages.Manifests(layout));
        return (string?)layout.ReadJsonBlob(manifest.Digest)["config"]?["digest"] ?? "";
    }
}
