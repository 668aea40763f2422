namespace ModelSdk.Onnx;

/// <summary>
/// Maps ONNX element types to the names other systems use: ONNX's own ("float"), the Open Inference Protocol
/// datatype ("FP32"), and TensorFlow's DataType enum (DT_FLOAT = 1), which Hydrosphere contracts use.
/// </summary>
public static class OnnxDatatypes
{
    private sealed record Row(OnnxElementType Type, string OnnxName, string? Oip, int? TensorFlow, string? TfName);

    // One row per ONNX element type. Oip null: no Open Inference Protocol datatype (callers raise MODEL0019).
    private static readonly Row[] Rows =
    [
        new(OnnxElementType.Float, "float", "FP32", 1, "DT_FLOAT"),
        new(OnnxElementType.UInt8, "uint8", "UINT8", 4, "DT_UINT8"),
        new(OnnxElementType.Int8, "int8", "INT8", 6, "DT_INT8"),
        new(OnnxElementType.UInt16, "uint16", "UINT16", 17, "DT_UINT16"),
        new(OnnxElementType.Int16, "int16", "INT16", 5, "DT_INT16"),
        new(OnnxElementType.Int32, "int32", "INT32", 3, "DT_INT32"),
        new(OnnxElementType.Int64, "int64", "INT64", 9, "DT_INT64"),
        new(OnnxElementType.String, "string", "BYTES", 7, "DT_STRING"),
        new(OnnxElementType.Bool, "bool", "BOOL", 10, "DT_BOOL"),
        new(OnnxElementType.Float16, "float16", "FP16", 19, "DT_HALF"),
        new(OnnxElementType.Double, "double", "FP64", 2, "DT_DOUBLE"),
        new(OnnxElementType.UInt32, "uint32", "UINT32", 22, "DT_UINT32"),
        new(OnnxElementType.UInt64, "uint64", "UINT64", 23, "DT_UINT64"),
        new(OnnxElementType.Complex64, "complex64", null, 8, "DT_COMPLEX64"),
        new(OnnxElementType.Complex128, "complex128", null, 18, "DT_COMPLEX128"),
        new(OnnxElementType.BFloat16, "bfloat16", "BF16", 14, "DT_BFLOAT16"),
        new(OnnxElementType.Float8E4M3FN, "float8e4m3fn", null, null, null),
        new(OnnxElementType.Float8E4M3FNUZ, "float8e4m3fnuz", null, null, null),
        new(OnnxElementType.Float8E5M2, "float8e5m2", null, null, null),
        new(OnnxElementType.Float8E5M2FNUZ, "float8e5m2fnuz", null, null, null),
        new(OnnxElementType.UInt4, "uint4", null, null, null),
        new(OnnxElementType.Int4, "int4", null, null, null),
        new(OnnxElementType.Float4E2M1, "float4e2m1", null, null, null),
    ];

    private static readonly Dictionary<OnnxElementType, Row> ByType = Rows.ToDictionary(r => r.Type);

    /// <summary>Every name a user may write in a YAML contract, case-insensitive.</summary>
    private static readonly Dictionary<string, OnnxElementType> ByName = BuildNames();

    /// <summary>Open Inference Protocol datatypes (KServe v2) in the base table; BF16 is Triton's extension.</summary>
    public static IReadOnlyList<string> StandardOipDatatypes { get; } =
    ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    /// <summary>Every element type ONNX defines, in enum order (without Undefined).</summary>
    public static IReadOnlyList<OnnxElementType> All { get; } = Rows.Select(r => r.Type).OrderBy(t => t).ToArray();

    /// <summary>ONNX's lower-case name, as in "tensor(float)"; "undefined" or "unknown(N)" otherwise.</summary>
    public static string OnnxName(OnnxElementType type) =>
        ByType.TryGetValue(type, out var row) ? row.OnnxName
        : type == OnnxElementType.Undefined ? "undefined"
        : $"unknown({(int)type})";

    /// <summary>The Open Inference Protocol datatype, or null when the protocol cannot carry the type.</summary>
    public static string? ToOip(OnnxElementType type) => ByType.TryGetValue(type, out var row) ? row.Oip : null;

    /// <summary>True for datatypes outside the base OIP table that some servers accept (BF16): warn MODEL0903.</summary>
    public static bool IsNonStandardOip(string datatype) =>
        !StandardOipDatatypes.Contains(datatype, StringComparer.Ordinal);

    /// <summary>TensorFlow's DataType number (DT_FLOAT = 1), or null when TensorFlow has no such type.</summary>
    public static int? ToTensorFlow(OnnxElementType type) =>
        ByType.TryGetValue(type, out var row) ? row.TensorFlow : null;

    /// <summary>TensorFlow's DataType name ("DT_FLOAT"), or null.</summary>
    public static string? ToTensorFlowName(OnnxElementType type) =>
        ByType.TryGetValue(type, out var row) ? row.TfName : null;

    public static OnnxElementType? FromTensorFlow(int dataType) =>
        Rows.FirstOrDefault(r => r.TensorFlow == dataType)?.Type;

    public static OnnxElementType? FromOip(string datatype) =>
        Rows.FirstOrDefault(r => string.Equals(r.Oip, datatype, StringComparison.OrdinalIgnoreCase))?.Type;

    /// <summary>
    /// Parses a type name as users write it in contracts: ONNX ("float", "int64", "tensor(float)"), numpy
    /// ("float32", "float64"), Open Inference Protocol ("FP32", "BYTES") or TensorFlow ("DT_FLOAT").
    /// </summary>
    public static bool TryParse(string? name, out OnnxElementType type)
    {
        type = OnnxElementType.Undefined;
        if (string.IsNullOrWhiteSpace(name))
            return false;
        var key = name.Trim();
        if (key.StartsWith("tensor(", StringComparison.OrdinalIgnoreCase) && key.EndsWith(')'))
            key = key["tensor(".Length..^1].Trim();
        return ByName.TryGetValue(key, out type);
    }

    /// <summary>The names <see cref="TryParse"/> accepts, for "expected one of" messages.</summary>
    public static IReadOnlyCollection<string> KnownNames => ByName.Keys;

    private static Dictionary<string, OnnxElementType> BuildNames()
    {
        var names = new Dictionary<string, OnnxElementType>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Rows)
        {
            names[row.OnnxName] = row.Type;
            names[row.Type.ToString()] = row.Type;
            if (row.Oip is not null)
                names[row.Oip] = row.Type;
            if (row.TfName is not null)
            {
                names[row.TfName] = row.Type;
                names[row.TfName["DT_".Length..]] = row.Type;
            }
        }
        // Numpy and everyday spellings.
        names["float32"] = OnnxElementType.Float;
        names["float64"] = OnnxElementType.Double;
        names["half"] = OnnxElementType.Float16;
        names["bytes"] = OnnxElementType.String;
        names["str"] = OnnxElementType.String;
        names["boolean"] = OnnxElementType.Bool;
        return names;
    }
}
