namespace ModelSdk.Oci;

/// <summary>A local container engine (LocalRegistry) that takes an OCI archive.</summary>
public interface ILocalEngine
{
    /// <summary>How the user named it (Podman, Docker), for messages.</summary>
    string Name { get; }

    /// <summary>Loads <paramref name="archivePath"/> and tags the image <paramref name="imageId"/> with every name.</summary>
    void Load(string archivePath, string imageId, IReadOnlyList<string> repositoryTags);
}

/// <summary>The engines LocalRegistry may name.</summary>
public static class LocalEngines
{
    public static ILocalEngine For(string localRegistry) =>
        localRegistry.Trim().ToLowerInvariant() switch
        {
            "podman" => new CliLocalEngine(localRegistry.Trim(), "podman"),
            "docker" => new CliLocalEngine(localRegistry.Trim(), "docker"),
            _ => throw new ModelSdkException(
                ErrorCodes.LocalRegistryInvalid,
                $"LocalRegistry '{localRegistry}' is not supported. Use 'Podman' or 'Docker', or leave it empty to only write the OCI layout."
            ),
        };
}

/// <summary>
/// Loads an OCI layout into a local engine through an archive: the one given, or a temporary one. Of a
/// multi-platform layout only this machine's platform image is loaded (a temporary archive of that image alone).
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
