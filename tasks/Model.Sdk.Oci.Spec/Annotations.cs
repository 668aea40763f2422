namespace ModelSdk.Oci.Spec;

/// <summary>The standard org.opencontainers.image.* annotation keys Model.Sdk writes or reads.</summary>
public static class Annotations
{
    public const string RefName = "org.opencontainers.image.ref.name";
    public const string BaseName = "org.opencontainers.image.base.name";
    public const string BaseDigest = "org.opencontainers.image.base.digest";
    public const string Created = "org.opencontainers.image.created";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Source = "org.opencontainers.image.source";
}
