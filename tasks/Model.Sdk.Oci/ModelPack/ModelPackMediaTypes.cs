namespace ModelSdk.Oci;

/// <summary>The CNCF ModelPack media types (modelpack/model-spec docs/spec.md) and how our layers map onto them.</summary>
public static class ModelPackMediaTypes
{
    public const string Manifest = "application/vnd.cncf.model.manifest.v1+json";
    public const string Config = "application/vnd.cncf.model.config.v1+json";
    public const string WeightPrefix = "application/vnd.cncf.model.weight.v1.";
    public const string WeightConfigPrefix = "application/vnd.cncf.model.weight.config.v1.";
    public const string DocPrefix = "application/vnd.cncf.model.doc.v1.";

    /// <summary>Layer annotation: the file a single-file layer holds (docs/annotations.md).</summary>
    public const string FilepathAnnotation = "org.cncf.model.filepath";

    private const string OciLayerPrefix = "application/vnd.oci.image.layer.v1.";

    /// <summary>
    /// The ModelPack type for the same bytes as an OCI layer: "tar", "tar+gzip" or "tar+zstd" after the kind's prefix.
    /// The blob is not touched, so its digest stays the image layer's.
    /// </summary>
    public static string ForLayer(string prefix, string ociLayerMediaType)
    {
        var oci = MediaTypes.ToOciLayer(ociLayerMediaType);
        if (!oci.StartsWith(OciLayerPrefix, StringComparison.Ordinal))
        {
            throw new ModelSdkException(
                ErrorCodes.ModelPackSourceInvalid,
                $"The image layer type '{ociLayerMediaType}' has no ModelPack equivalent. Build the image again with ContainerLayerCompression=none or gzip."
            );
        }
        return prefix + oci[OciLayerPrefix.Length..];
    }
}
