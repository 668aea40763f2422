namespace ModelSdk.Contracts;

/// <summary>One input or output as served.</summary>
public sealed record TensorField
{
    public required string Name { get; init; }

    /// <summary>Open Inference Protocol datatype, e.g. FP32 or BYTES.</summary>
    public required string Datatype { get; init; }

    /// <summary>Dimensions with -1 for every dim that is not fixed; null when the rank is unknown.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>Symbolic dimension names (null entries for fixed or anonymous dims); null when the rank is unknown.</summary>
    public IReadOnlyList<string?>? DimNames { get; init; }
    public DataProfile Profile { get; init; } = DataProfile.None;
    public string Description { get; init; } = "";

    /// <summary>The graph's name for the value when it differs or is renamed; null for non-ONNX models.</summary>
    public string? OnnxName { get; init; }

    /// <summary>Readable ONNX type, e.g. tensor(float); null for non-ONNX models.</summary>
    public string? OnnxType { get; init; }

    /// <summary>Column names of a record input (declared <c>features:</c>), in last-axis order; null when not declared.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The shape as the Open Inference Protocol wants it: -1 for unknown dims, [-1] when the rank is unknown.</summary>
    public IReadOnlyList<long> OipShape => Shape ?? [-1];
}
