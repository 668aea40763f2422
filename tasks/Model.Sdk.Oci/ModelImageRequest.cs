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

    /// <summary>ContainerInsecureRegistries: registries a registry base may be pulled from over plain HTTP.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Refuse (MODEL0120) to build an image that would have neither Entrypoint nor Cmd.</summary>
    public bool RequireEntrypoint { get; init; }
}

/// <summary>What was built: the digest and the names.</summary>
public sealed record ModelImageOutcome(ImageResult Image, string Repository, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string> RepositoryTags => Tags.Select(t => $"{Repository}:{t}").ToList();
}
