namespace ModelSdk.Contracts.Declared;

/// <summary>A contract written by hand (our format or a Hydrosphere serving.yaml), with the line of every node.</summary>
public sealed record DeclaredContract(
    string File,
    string? Name,
    string? Signature,
    IReadOnlyList<DeclaredField>? Inputs,
    IReadOnlyList<DeclaredField>? Outputs
);

/// <summary>One declared input or output; null members were not declared. Lines are 1-based.</summary>
public sealed record DeclaredField
{
    public required string Name { get; init; }
    public required int Line { get; init; }

    /// <summary>The ONNX graph name this field renames (<c>from:</c>).</summary>
    public string? From { get; init; }

    /// <summary>Open Inference Protocol datatype.</summary>
    public string? Datatype { get; init; }
    public int TypeLine { get; init; }

    /// <summary>-1 for a dynamic dim; an empty list for a scalar.</summary>
    public IReadOnlyList<long>? Shape { get; init; }
    public int ShapeLine { get; init; }
    public DataProfile? Profile { get; init; }
    public string? Description { get; init; }

    /// <summary>Column names of a record input (<c>features:</c>), in the input's last-axis order.</summary>
    public IReadOnlyList<string>? Features { get; init; }
    public int FeaturesLine { get; init; }

    public string SourceName => From ?? Name;
}
