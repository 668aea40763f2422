namespace ModelRuntime.OnnxRuntime;

/// <summary>ONNX tensor element types, numbered as ONNXTensorElementDataType (and TensorProto.DataType).</summary>
public enum TensorElementType
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
}

public static class TensorElementTypes
{
    /// <summary>Bytes per element; 0 for strings and types this runtime does not carry.</summary>
    public static int SizeOf(TensorElementType type) =>
        type switch
        {
            TensorElementType.Bool or TensorElementType.UInt8 or TensorElementType.Int8 => 1,
            TensorElementType.UInt16
            or TensorElementType.Int16
            or TensorElementType.Float16
            or TensorElementType.BFloat16 => 2,
            TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
            TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
            _ => 0,
        };

    /// <summary>The Open Inference Protocol datatype name, e.g. "FP32"; null when the protocol has none.</summary>
    public static string? ToProtocolName(TensorElementType type) =>
        type switch
        {
            TensorElementType.Bool => "BOOL",
            TensorElementType.UInt8 => "UINT8",
            TensorElementType.UInt16 => "UINT16",
            TensorElementType.UInt32 => "UINT32",
            TensorElementType.UInt64 => "UINT64",
            TensorElementType.Int8 => "INT8",
            TensorElementType.Int16 => "INT16",
            TensorElementType.Int32 => "INT32",
            TensorElementType.Int64 => "INT64",
            TensorElementType.Float16 => "FP16",
            TensorElementType.Float => "FP32",
            TensorElementType.Double => "FP64",
            TensorElementType.String => "BYTES",
            TensorElementType.BFloat16 => "BF16",
            _ => null,
        };

    public static TensorElementType? FromProtocolName(string name) =>
        name switch
        {
            "BOOL" => TensorElementType.Bool,
            "UINT8" => TensorElementType.UInt8,
            "UINT16" => TensorElementType.UInt16,
            "UINT32" => TensorElementType.UInt32,
            "UINT64" => TensorElementType.UInt64,
            "INT8" => TensorElementType.Int8,
            "INT16" => TensorElementType.Int16,
            "INT32" => TensorElementType.Int32,
            "INT64" => TensorElementType.Int64,
            "FP16" => TensorElementType.Float16,
            "FP32" => TensorElementType.Float,
            "FP64" => TensorElementType.Double,
            "BYTES" => TensorElementType.String,
            "BF16" => TensorElementType.BFloat16,
            _ => null,
        };
}
