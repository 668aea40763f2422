using ModelSdk.Onnx;

namespace ModelSdk.Contracts;

/// <summary>
/// Open Inference Protocol datatypes: mapping from ONNX element types, to TensorFlow DataType numbers (the Hydrosphere
/// contract's dtype), and from the type names users write in declared contracts.
/// </summary>
public static class Datatypes
{
    public const string Bytes = "BYTES";
    public const string BFloat16 = "BF16";

    // OIP name, TF DataType number, Hydrosphere/TF short name, ONNX element type.
    private static readonly (string Oip, int Tf, string TfName, OnnxElementType Onnx)[] Table =
    [
        ("BOOL", 10, "bool", OnnxElementType.Bool),
        ("UINT8", 4, "uint8", OnnxElementType.UInt8),
        ("UINT16", 17, "uint16", OnnxElementType.UInt16),
        ("UINT32", 22, "uint32", OnnxElementType.UInt32),
        ("UINT64", 23, "uint64", OnnxElementType.UInt64),
        ("INT8", 6, "int8", OnnxElementType.Int8),
        ("INT16", 5, "int16", OnnxElementType.Int16),
        ("INT32", 3, "int32", OnnxElementType.Int32),
        ("INT64", 9, "int64", OnnxElementType.Int64),
        ("FP16", 19, "half", OnnxElementType.Float16),
        ("FP32", 1, "float", OnnxElementType.Float),
        ("FP64", 2, "double", OnnxElementType.Double),
        ("BYTES", 7, "string", OnnxElementType.String),
        ("BF16", 14, "bfloat16", OnnxElementType.BFloat16),
    ];

    // Other spellings users write: ONNX, numpy and TF names.
    private static readonly (string Alias, string Oip)[] Aliases =
    [
        ("float32", "FP32"),
        ("float64", "FP64"),
        ("float16", "FP16"),
        ("fp32", "FP32"),
        ("fp64", "FP64"),
        ("fp16", "FP16"),
        ("bf16", "BF16"),
        ("bytes", "BYTES"),
        ("str", "BYTES"),
        ("boolean", "BOOL"),
    ];

    public static IEnumerable<string> AcceptedNames =>
        Table.Select(t => t.Oip).Concat(Table.Select(t => t.TfName)).Concat(Aliases.Select(a => a.Alias));

    /// <summary>The OIP datatype of an ONNX element type; null when the protocol cannot carry it.</summary>
    public static string? FromOnnx(OnnxElementType type) =>
        Table.Where(t => t.Onnx == type).Select(t => t.Oip).FirstOrDefault();

    /// <summary>TensorFlow DataType number for an OIP datatype (DT_STRING for BYTES).</summary>
    public static int ToTensorflow(string oip) => Table.First(t => t.Oip == oip).Tf;

    /// <summary>The short TF name Hydrosphere's serving.yaml uses (float, double, int64, string...).</summary>
    public static string ToHydrosphereName(string oip) => Table.First(t => t.Oip == oip).TfName;

    /// <summary>Parses OIP (FP32), ONNX/numpy (float32), TF (DT_FLOAT, float) names, case-insensitively.</summary>
    public static bool TryParse(string text, out string oip)
    {
        var name = text.Trim();
        if (name.StartsWith("DT_", StringComparison.OrdinalIgnoreCase))
        {
            name = name[3..];
        }
        foreach (var t in Table)
        {
            if (
                string.Equals(t.Oip, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t.TfName, name, StringComparison.OrdinalIgnoreCase)
            )
            {
                oip = t.Oip;
                return true;
            }
        }
        foreach (var a in Aliases)
        {
            if (string.Equals(a.Alias, name, StringComparison.OrdinalIgnoreCase))
            {
                oip = a.Oip;
                return true;
            }
        }
        oip = "";
        return false;
    }
}
