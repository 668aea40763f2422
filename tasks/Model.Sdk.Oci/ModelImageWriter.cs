namespace ModelSdk.Oci;

/// <summary>
/// Materialises a <see cref="ModelImagePlan"/>: resolves (pulls) the base, writes the OCI layout, and on request an
/// OCI archive and a load into the local engine.
/// </summary>
public static class ModelImageWriter
{
    public static ModelImageOutcome Write(ModelImagePlan plan)
    {
        var request = plan.Request;
        var baseLayout = string.IsNullOrWhiteSpace(request.BaseImage)
            ? null
            : BaseImageSource.Resolve(
                request.BaseImage.Trim(),
                request.CacheDirectory,
                plan.Platform,
                new ModelSdk.Registry.RegistryOptions { InsecureRegistries = request.InsecureRegistries }
            );
        var baseName = NullIfEmpty(request.BaseName) ?? BaseImageSource.DisplayName(request.BaseImage, baseLayout);
        var image = ImageLayoutWriter.Write(
            plan.ToImageSpec(baseLayout, baseName),
            request.LayoutDirectory,
            request.CacheDirectory
        );
        var outcome = new ModelImageOutcome(image, plan.FullRepository, plan.Tags);
        if (!string.IsNullOrWhiteSpace(request.ArchivePath))
        {
            OciArchiveWriter.Write(request.LayoutDirectory, request.ArchivePath, outcome.RepositoryTags);
        }
        if (!string.IsNullOrWhiteSpace(request.LocalRegistry))
        {
            LoadIntoEngine(request, image, outcome.RepositoryTags);
        }
        return outcome;
    }

    /// <summary>Loads the image through the archive (the requested one, or a temporary one in the cache).</summary>
    private static void LoadIntoEngine(ModelImageRequest request, ImageResult image, IReadOnlyList<string> names)
    {
        var archive = string.IsNullOrWhiteSpace(request.ArchivePath)
            ? Path.Combine(request.CacheDirectory, "image-load.tar")
            : request.ArchivePath;
        if (archive != request.ArchivePath)
        {
            OciArchiveWriter.Write(request.LayoutDirectory, archive, names);
        }
        try
        {
            LocalEngineLoader.Load(request.LocalRegistry!, archive, image.ConfigDigest, names);
        }
        finally
        {
            if (archive != request.ArchivePath)
            {
                File.Delete(archive);
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
