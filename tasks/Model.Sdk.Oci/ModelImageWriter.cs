namespace ModelSdk.Oci;

/// <summary>
/// Materialises a <see cref="ModelImagePlan"/>: resolves (pulls) the base for each platform and writes the OCI layout,
/// a single image or an index of one image per platform. The archive (<see cref="OciArchiveWriter"/>) and the load
/// into a local engine (<see cref="LocalEngineLoader"/>) are steps of their own that start from the layout.
/// </summary>
public static class ModelImageWriter
{
    public static ModelImageOutcome Write(ModelImagePlan plan)
    {
        var request = plan.Request;
        if (!plan.IsMultiPlatform)
        {
            var image = ImageLayoutWriter.Write(
                Spec(plan, plan.Platform),
                request.LayoutDirectory,
                request.CacheDirectory
            );
            return new ModelImageOutcome(image, plan.FullRepository, plan.Tags)
            {
                Images = [new PlatformImage(plan.Platform, image)],
            };
        }
        var specs = plan.Platforms.Select(p => Spec(plan, p)).ToList();
        var index = ImageLayoutWriter.WriteIndex(specs, plan.Tags, request.LayoutDirectory, request.CacheDirectory);
        return new ModelImageOutcome(index.Images[0].Image, plan.FullRepository, plan.Tags)
        {
            IndexDigest = index.IndexDigest,
            Images = index.Images,
        };
    }

    /// <summary>The image spec of one platform, on that platform's base (a registry base is pulled per platform).</summary>
    private static ImageSpec Spec(ModelImagePlan plan, Platform platform)
    {
        var request = plan.Request;
        var baseLayout = string.IsNullOrWhiteSpace(request.BaseImage)
            ? null
            : BaseImageSource.Resolve(
                request.BaseImage.Trim(),
                request.CacheDirectory,
                platform,
                new ModelSdk.Registry.RegistryOptions { InsecureRegistries = request.InsecureRegistries }
            );
        var baseName = NullIfEmpty(request.BaseName) ?? BaseImageSource.DisplayName(request.BaseImage, baseLayout);
        return plan.ToImageSpec(baseLayout, baseName, platform);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
