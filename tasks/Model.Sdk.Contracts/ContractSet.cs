namespace ModelSdk.Contracts;

/// <summary>Everything the writers need: validated project identity and one entry per served model.</summary>
public sealed record ContractSet
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string License { get; init; } = "";

    /// <summary>Validated catalog fields; null when the project sets none.</summary>
    public ModelSdk.ContractModel.CatalogDetails? Catalog { get; init; }
    public Preprocessing Preprocessing { get; init; } = new();
    public Resources Resources { get; init; } = new();
    public IReadOnlyList<ModelParameter> Parameters { get; init; } = [];
    public required IReadOnlyList<ServedModel> Models { get; init; }

    /// <summary>One model: files sit at the top of the folder; several: each model gets its own sub-folder.</summary>
    public bool IsSingleModel => Models.Count == 1;
}
