namespace ModelSdk.Contracts;

/// <summary>Everything the writers need: validated project identity and one entry per served model.</summary>
public sealed record ContractSet
{
    public required string Name { get; init; }
    public required string Version { get; init; }
}
