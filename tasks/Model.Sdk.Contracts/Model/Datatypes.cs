using ModelSdk.Onnx;

namespace ModelSdk.Contracts;

/// <summary>
/// Contracts speak Open Inference Protocol datatypes (FP32, BYTES...); this converts them, through
/// <see cref="OnnxDatatypes"/>, to TensorFlow DataType numbers (the Hydrosphere dtype) and from names users write.
/// </summary>
public static class Datatypes
{
    public const string Bytes = "BYTES";

    public static IEnumerable<string> AcceptedNames =>
        OnnxDatatypes.KnownNames.Where(n => TryParse(n, out _)).Order(StringComparer.Ordinal);

    /// <summary>The OIP datatype of an ONNX element type; null when the protocol cannot carry it.</summary>
    public static string? FromOnnx(OnnxElementType type) => OnnxDatatypes.ToOip(type);

    public static bool IsNonStandard(string oip) => OnnxDatatypes.IsNonStandardOip(oip);

    /// <summary>TensorFlow DataType number for an OIP datatype (DT_STRING for BYTES).</summary>
    public static int ToTensorflow(string oip) => OnnxDatatypes.ToTensorFlow(ElementType(oip)) ?? 0;

    /// <summary>The short TF name Hydrosphere's serving.yaml uses: float, double, int64, string, half...</summary>
    public static string ToHydrosphereName(string oip) =>
        OnnxDatatypes.ToTensorFlowName(ElementType(oip))!["DT_".Length..].ToLowerInvariant();

    /// <summary>Parses ONNX, numpy, OIP and TF names case-insensitively; only types the protocol can carry.</summary>
    public static bool TryParse(string text, out string oip)
    {
        oip = OnnxDatatypes.TryParse(text, out var type) ? OnnxDatatypes.ToOip(type) ?? "" : "";
        return oip.Length > 0;
    }

    private static OnnxElementType ElementType(string oip) =>
        OnnxDatatypes.FromOip(oip) ?? throw new ArgumentException($"'{oip}' is not an OIP datatype.", nameof(oip));
}
