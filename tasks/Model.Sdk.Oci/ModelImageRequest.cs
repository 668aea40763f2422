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

    /// <summary>Empty: the model name (package name) lower-cased.</summary>
    public string? Repository { get; init; }

    public string? Registry { get; init; }

    /// <summary>Empty: the package version.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Ports { get; init; } = ["8080/tcp"];
    public string? User { get; init; }
    public string? WorkingDirectory { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public LayerCompression Compression { get; init; } = LayerCompression.None;
    public long LargeFileThreshold { get; init; } = ModelFolderLayers.DefaultLargeFileThreshold;
    public long? SourceDateEpoch { get; init; }
    public string? Revision { get; init; }
    public string? SourceUrl { get; init; }
    public string? RuntimeIdentifier { get; init; }

    /// <summary>ContainerInsecureRegistries: registries a registry base may be pulled from over plain HTTP.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
    public string? ArchivePath { get; init; }
    public string? LocalRegistry { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Refuse (MODEL0120) to build an image that would have neither Entrypoint nor Cmd.</summary>
    public bool RequireEntrypoint { get; init; }
}

/// <summary>What was built: the digest, names and where the image went.</summary>
public sealed record ModelImageOutcome(ImageResult Image, string Repository, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string> RepositoryTags => Tags.Select(t => $"{Repository}:{t}").ToList();
}
