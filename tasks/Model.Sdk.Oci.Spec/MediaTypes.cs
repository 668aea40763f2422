namespace ModelSdk.Oci.Spec;

/// <summary>The media types Model.Sdk reads and writes (OCI, and the Docker v2 twins registries still serve).</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>The config of an artifact manifest that has no config of its own (artifactType says what it is).</summary>
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>What a client accepts when it asks for a manifest by tag.</summary>
    public static readonly string[] AllManifests = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>Docker layer types name the same bytes as their OCI twins; the OCI manifest uses the OCI name.</summary>
    public static string ToOciLayer(string mediaType) =>
        mediaType switch
        {
            DockerLayerGzip => OciLayerGzip,
            DockerLayer => OciLayer,
            _ => mediaType,
        };
}
