namespace ModelSdk.Oci;

/// <summary>Everything that determines an image: same spec (and same file contents) gives the same digest.</summary>
public sealed record ImageSpec
{
    /// <summary>An OCI layout directory holding the base image (see <see cref="BaseImageSource"/>); empty for scratch.</summary>
    public string? BaseLayoutDirectory { get; init; }

    /// <summary>How the user named the base, for org.opencontainers.image.base.name; not a path on this machine.</summary>
    public string? BaseName { get; init; }

    public Platform Platform { get; init; } = Platform.LinuxAmd64;

    /// <summary>Layers added on top of the base, in order.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];

    public LayerCompression Compression { get; init; } = LayerCompression.None;

    /// <summary>Tags; the first names the image in index.json (org.opencontainers.image.ref.name).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public ImageConfigOptions Config { get; init; } = new();

    /// <summary>Manifest annotations (org.opencontainers.image.*); base.name and base.digest are added.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>SOURCE_DATE_EPOCH: tar mtimes, and when set, config "created" and history times.</summary>
    public long? SourceDateEpoch { get; init; }
}

/// <summary>What the image config sets on top of the base's config.</summary>
public sealed record ImageConfigOptions
{
    /// <summary>Variables in order; a name the base already sets is replaced in place.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports as "8080/tcp".</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>null keeps the base's user, or 1000:1000 when the base runs as root.</summary>
    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>null keeps the base's entrypoint.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Refuse (MODEL0120) a config that ends with neither Entrypoint nor Cmd: such an image cannot run.</summary>
    public bool RequireEntrypoint { get; init; }
}

/// <summary>The result of writing an image layout.</summary>
public sealed record ImageResult(
    string ManifestDigest,
    long ManifestSize,
    string ConfigDigest,
    IReadOnlyList<LayerDescriptor> Layers,
    int LayersReused
);

/// <summary>One platform's image of an index.</summary>
public sealed record PlatformImage(Platform Platform, ImageResult Image);

/// <summary>The result of writing an image index: its digest and each platform's image.</summary>
public sealed record ImageIndexResult(string IndexDigest, long IndexSize, IReadOnlyList<PlatformImage> Images);
