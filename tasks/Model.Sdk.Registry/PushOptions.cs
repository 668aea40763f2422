namespace ModelSdk.Registry;

/// <summary>What to push besides the layout itself.</summary>
public sealed class PushOptions
{
    /// <summary>Replace version tags that already point at a different image (ContainerAllowOverwrite).</summary>
    public bool AllowOverwrite { get; init; }

    /// <summary>
    /// Repositories of the same registry that may hold some of the blobs (e.g. the base image's); tried with
    /// cross-repository mounts. The manifest's <c>org.opencontainers.image.base.name</c> annotation is added automatically.
    /// </summary>
    public IReadOnlyList<string> MountFrom { get; init; } = [];
}

/// <summary>What a push did. <see cref="Digest"/> is the manifest digest every tag now points at.</summary>
public sealed record PushResult(
    string Digest,
    IReadOnlyList<string> Tags,
    int BlobsUploaded,
    int BlobsSkipped,
    int BlobsMounted,
    long BytesUploaded
);

/// <summary>
/// A reference resolved to one image manifest. <see cref="Index"/> is set when the reference named a multi-platform
/// index and <see cref="Manifest"/> is the platform's image picked from it.
/// </summary>
public sealed record ResolvedImage(ImageReference Reference, Manifest Manifest, Manifest? Index)
{
    public string Digest => Manifest.Digest;

    public Descriptor Config => Manifest.Config!;

    public IReadOnlyList<Descriptor> Layers => Manifest.Layers;
}

/// <summary>A resolved image whose config and layers are in a local content-addressed directory.</summary>
public sealed record PulledImage(ResolvedImage Image, string BlobDirectory)
{
    /// <summary>Where a blob of this image is on disk: <c>BlobDirectory/sha256/HEX</c>.</summary>
    public string BlobPath(string digest) => Path.Combine(BlobDirectory, "sha256", digest["sha256:".Length..]);
}
