namespace ModelSdk.Oci;

/// <summary>
/// Materialises a <see cref="ModelImagePlan"/>: resolves (pulls) the base and writes the OCI layout. The archive
/// (<see cref="OciArchiveWriter"/>) and the load into a local engine (<see cref="LocalEngineLoader"/>) are steps of
/// their own that start from the layout.
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
        return new ModelImageOutcome(image, plan.FullRepository, plan.Tags);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
