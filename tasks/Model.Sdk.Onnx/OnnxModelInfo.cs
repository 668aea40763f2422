namespace ModelSdk.Onnx;

/// <summary>What a model file says about itself, read without touching weight bytes.</summary>
public sealed record OnnxModelInfo(
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    string Domain,
    long ModelVersion,
    string DocString,
    string GraphName,
    string GraphDocString,
    IReadOnlyList<OnnxOpset> Opsets,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    /// <summary>Relative paths (as written in the model) of external weight files, distinct, in first-seen order.</summary>
    IReadOnlyList<string> ExternalDataFiles
);

public sealed record OnnxOpset(string Domain, long Version);

public enum OnnxValueKind
{
    Tensor,
    SparseTensor,
    Sequence,
    Map,
    Optional,
    Unknown,
}

/// <summary>A graph input or output.</summary>
/// <param name="Shape">Null when the rank is unknown (no shape in the model).</param>
/// <param name="TypeText">Readable ONNX type, e.g. "tensor(float)" or "seq(map(int64,tensor(float)))".</param>
public sealed record OnnxValueInfo(
    string Name,
    OnnxValueKind Kind,
    OnnxElementType ElementType,
    IReadOnlyList<OnnxDim>? Shape,
    string TypeText,
    string DocString
);

/// <summary>One dimension: fixed (<see cref="Value"/>), symbolic (<see cref="Param"/>), or unknown (neither).</summary>
public readonly record struct OnnxDim(long? Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Symbolic(string name) => new(null, name);

    public static readonly OnnxDim Unknown = new(null, null);

    public bool IsFixed => Value is not null;
}

/// <summary>ONNX TensorProto.DataType numbering.</summary>
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
    Float8E4M3FN = 17,
    Float8E4M3FNUZ = 18,
    Float8E5M2 = 19,
    Float8E5M2FNUZ = 20,
    UInt4 = 21,
    Int4 = 22,
    Float4E2M1 = 23,
}
