namespace ModelSdk.Oci;

/// <summary>The build's image settings, as the MSBuild properties name them (ContainerRepository, ContainerPort ...).</summary>
public sealed record ModelImageRequest
{
    /// <summary>$(OutputPath)model/: contract.json, contract.protobin, files/ ...</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>
    /// ContainerBaseImage: an OCI layout directory, an OCI archive, or a registry reference (pulled into the cache).
    /// Empty builds on scratch.
    /// </summary>
    public string? BaseImage { get; init; }

    /// <summary>org.opencontainers.image.base.name; by default the registry reference or the base layout's ref.name.</summary>
    public string? BaseName { get; init; }
    public required string LayoutDirectory { get; init; }
    public required string CacheDirectory { get; init; }

    /// <summary>ContainerRepository (its default, the model name lower-cased, is set in MSBuild).</summary>
    public required string Repository { get; init; }

    public string? Registry { get; init; }

    /// <summary>ContainerImageTags: at least one (MSBuild defaults it to Version).</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The first is REST (MODEL_PORT), the second gRPC (MODEL_GRPC_PORT); MSBuild adds 8081 to a single port.</summary>
    public IReadOnlyList<string> Ports { get; init; } = ["8080/tcp", "8081/tcp"];
    public string? User { get; init; }
    public string? WorkingDirectory { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>ContainerLabel: org.opencontainers.image.revision and .source also become manifest annotations.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public LayerCompression Compression { get; init; } = LayerCompression.None;
    public long LargeFileThreshold { get; init; } = ModelFolderLayers.DefaultLargeFileThreshold;
    public long? SourceDateEpoch { get; init; }
    public string? RuntimeIdentifier { get; init; }

    /// <summary>
    /// ContainerRuntimeIdentifiers: with two or more, the layout holds an image index of one image per platform;
    /// with one (or none) it is <see cref="RuntimeIdentifier"/>'s single image.
    /// </summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];

    /// <summary>ContainerInsecureRegistries: registries a registry base may be pulled from over plain HTTP.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Refuse (MODEL0120) to build an image that would have neither Entrypoint nor Cmd.</summary>
    public bool RequireEntrypoint { get; init; }
}

/// <summary>
/// What was built: the image (the first platform's, for an index), the names, and for a multi-platform build the
/// index digest and every platform's image.
/// </summary>
public sealed record ModelImageOutcome(ImageResult Image, string Repository, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string> RepositoryTags => Tags.Select(t => $"{Repository}:{t}").ToList();

    /// <summary>The image index's digest; null for a single-platform image.</summary>
    public string? IndexDigest { get; init; }

    /// <summary>Every platform's image (one for a single-platform build).</summary>
    public IReadOnlyList<PlatformImage> Images { get; init; } = [];

    /// <summary>What the layout's index.json names: the index, or the single image's manifest.</summary>
    public string Digest => IndexDigest ?? Image.ManifestDigest;
}
