namespace ModelSdk.Oci;

/// <summary>A written layer: the blob digest and size, and the diff_id (digest of the uncompressed tar).</summary>
public sealed record LayerDescriptor(string MediaType, string Digest, long Size, string DiffId);

public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>Docker layer types name the same bytes as their OCI twins; the OCI manifest uses the OCI name.</summary>
    public static string ToOciLayer(string mediaType) =>
        mediaType switch
        {
            DockerLayerGzip => OciLayerGzip,
            DockerLayer => OciLayer,
            _ => mediaType,
        };
}
