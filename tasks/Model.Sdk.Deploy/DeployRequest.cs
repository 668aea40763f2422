namespace ModelSdk.Deploy;

/// <summary>What the manifests are made from, as the project states it (strings are validated by
/// <see cref="DeploySpec.Resolve"/>). Resource hints and parameters come from contract.json.</summary>
public sealed record DeployRequest
{
    /// <summary>The project file, named in errors.</summary>
    public string ProjectFile { get; init; } = "";
    public string ContractFile { get; init; } = "";
    public string ModelName { get; init; } = "";
    public string Version { get; init; } = "";

    /// <summary>ModelDeployName; empty: the model name made a DNS-1035 label.</summary>
    public string? Name { get; init; }
    public string? Namespace { get; init; }

    /// <summary>registry/repository, or the bare repository when the image was not pushed.</summary>
    public string ImageRepository { get; init; } = "";
    public string ImageTag { get; init; } = "";
    public string ImageDigest { get; init; } = "";

    /// <summary>True when <see cref="ImageDigest"/> is the digest a registry returned for the push.</summary>
    public bool Pushed { get; init; }
    public string? ServiceType { get; init; }
    public string? MaxReplicas { get; init; }
    public string? TargetCpuUtilization { get; init; }
    public int RestPort { get; init; } = 8080;
    public int GrpcPort { get; init; } = 8081;
    public string? User { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
}
