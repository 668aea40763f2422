namespace ModelSdk.Contracts;

/// <summary>Validated resource and serving hints; null members were not set.</summary>
public sealed record Resources
{
    public long? MaxMemoryMB { get; init; }
    public double? Cores { get; init; }
    public long? Gpus { get; init; }
    public long? Replicas { get; init; }
    public long? MaxBatchSize { get; init; }
    public long? MaxQueueDelayMs { get; init; }

    public bool IsEmpty => this == new Resources();
}
