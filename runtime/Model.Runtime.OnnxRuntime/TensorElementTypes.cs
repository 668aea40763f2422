using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// What the binding needs beyond the shared ONNX type table (<see cref="OnnxElementType"/>, whose numbers are
/// ONNXTensorElementDataType's, and <see cref="OnnxDatatypes"/> for protocol names).
/// </summary>
public static class TensorElementTypes
{
    /// <summary>Bytes per element; 0 for strings and types this runtime does not carry.</summary>
    public static int SizeOf(OnnxElementType type) =>
        type switch
        {
            OnnxElementType.Bool or OnnxElementType.UInt8 or OnnxElementType.Int8 => 1,
            OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Float16 or OnnxElementType.BFloat16 => 2,
            OnnxElementType.Float or OnnxElementType.Int32 or OnnxElementType.UInt32 => 4,
            OnnxElementType.Double or OnnxElementType.Int64 or OnnxElementType.UInt64 => 8,
            _ => 0,
        };
}
