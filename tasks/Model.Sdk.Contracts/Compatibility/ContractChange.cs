namespace ModelSdk.Contracts.Compatibility;

/// <summary>How much of a version bump a contract change needs (SemVer: patch, minor, major).</summary>
public enum ChangeSeverity
{
    Patch,
    Additive,
    Breaking,
}

/// <summary>One difference between a baseline contract and the new one, said for the user.</summary>
public sealed record ContractChange(ChangeSeverity Severity, string Model, string Kind, string Description)
{
    public override string ToString() => $"{Model}: {Description}";
}

/// <summary>A contract as released: contract.json and, per model name, its labels (null when it has none).</summary>
public sealed record ContractSnapshot(
    ModelSdk.ContractModel.ContractDocument Document,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Labels
)
{
    /// <summary>The version the contract was released as: the package section, else the first model's.</summary>
    public string? Version =>
        Document.Package?.Version is { Length: > 0 } v
            ? v
            : Document.Models.SelectMany(m => m.Versions).FirstOrDefault();

    public IReadOnlyList<string>? LabelsOf(string model) => Labels.TryGetValue(model, out var l) ? l : null;
}
