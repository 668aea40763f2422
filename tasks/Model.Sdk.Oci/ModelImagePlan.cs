namespace ModelSdk.Oci;

/// <summary>
/// What the model image will be, computed from the request and the model folder without writing anything: names,
/// layers, config settings and annotations. <see cref="ModelImageWriter"/> materialises it.
/// </summary>
public sealed record ModelImagePlan
{
    public required ModelImageRequest Request { get; init; }

    /// <summary>The repository without the registry (e.g. "faces").</summary>
    public required string Repository { get; init; }

    /// <summary>The repository with ContainerRegistry in front when set: what the image is named locally.</summary>
    public required string FullRepository { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The first of <see cref="Platforms"/>.</summary>
    public required Platform Platform { get; init; }

    /// <summary>One platform (a single image) or several (an index of one image per platform).</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    public bool IsMultiPlatform => Platforms.Count > 1;

    public required IReadOnlyList<LayerSpec> Layers { get; init; }

    public required IReadOnlyList<string> Ports { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }

    /// <summary>Manifest annotations (org.opencontainers.image.*) before the base's are added.</summary>
    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    /// <summary>Config labels in the order they are set; the base name label is added once the base is resolved.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string> RepositoryTags => Tags.Select(t => $"{FullRepository}:{t}").ToList();

    /// <summary>
    /// The image spec for <paramref name="platform"/> (default: <see cref="Platform"/>) on <paramref name="baseLayout"/>
    /// (null: scratch), named <paramref name="baseName"/>.
    /// </summary>
    public ImageSpec ToImageSpec(string? baseLayout, string? baseName, Platform? platform = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Labels)
        {
            labels[key] = value;
        }
        if (baseName is not null)
        {
            labels[Spec.Annotations.BaseName] = baseName;
        }
        return new ImageSpec
        {
            BaseLayoutDirectory = baseLayout,
            BaseName = baseName,
            Platform = platform ?? Platform,
            Layers = Layers,
            Compression = Request.Compression,
            Tags = Tags,
            Annotations = Annotations,
            SourceDateEpoch = Request.SourceDateEpoch,
            Config = new ImageConfigOptions
            {
                Environment = Environment,
                Labels = labels,
                ExposedPorts = Ports,
                User = User,
                WorkingDirectory = Request.WorkingDirectory,
                Entrypoint = Request.Entrypoint,
                RequireEntrypoint = Request.RequireEntrypoint,
            },
        };
    }
}
