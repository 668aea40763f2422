using System.Runtime.InteropServices;
using System.Text.Json;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>
/// Writes one JSON value as a tensor element (little-endian). A number outside the datatype's range is refused
/// (1e39 as FP32 would otherwise become infinity, 300 as UINT8 would wrap), naming the input and element index.
/// </summary>
internal static class JsonNumbers
{
    public static void Write(ref Utf8JsonReader reader, JsonTensorTarget target, int index, Span<byte> into)
    {
        var type = target.Type;
        if (type == OnnxElementType.Bool)
        {
            into[0] = reader.TokenType switch
            {
                JsonTokenType.True => 1,
                JsonTokenType.False => 0,
                JsonTokenType.Number when reader.TryGetInt32(out var b) && b is 0 or 1 => (byte)b,
                _ => throw Invalid(ref reader, target, index, "BOOL"),
            };
            return;
        }
        var datatype = OnnxDatatypes.ToOip(type)!;
        if (reader.TokenType != JsonTokenType.Number)
            throw Invalid(ref reader, target, index, datatype);
        var ok = type switch
        {
            OnnxElementType.UInt8 => reader.TryGetByte(out var v) && Put(into, v),
            OnnxElementType.Int8 => reader.TryGetSByte(out var v) && Put(into, v),
            OnnxElementType.UInt16 => reader.TryGetUInt16(out var v) && Put(into, v),
            OnnxElementType.Int16 => reader.TryGetInt16(out var v) && Put(into, v),
            OnnxElementType.UInt32 => reader.TryGetUInt32(out var v) && Put(into, v),
            OnnxElementType.Int32 => reader.TryGetInt32(out var v) && Put(into, v),
            OnnxElementType.UInt64 => reader.TryGetUInt64(out var v) && Put(into, v),
            OnnxElementType.Int64 => reader.TryGetInt64(out var v) && Put(into, v),
            OnnxElementType.Double => reader.TryGetDouble(out var v) && double.IsFinite(v) && Put(into, v),
            OnnxElementType.Float => reader.TryGetDouble(out var v) && Finite((float)v) && Put(into, (float)v),
            OnnxElementType.Float16 => reader.TryGetDouble(out var v) && Finite((float)(Half)v) && Put(into, (Half)v),
            OnnxElementType.BFloat16 => reader.TryGetDouble(out var v)
                && Finite(TensorValues.BFloat16ToSingle(TensorValues.SingleToBFloat16((float)v)))
                && Put(into, TensorValues.SingleToBFloat16((float)v)),
            _ => false,
        };
        if (!ok)
            throw Invalid(ref reader, target, index, datatype);
    }

    private static bool Finite(float value) => float.IsFinite(value);

    private static bool Put<T>(Span<byte> into, T value)
        where T : unmanaged
    {
        // Little-endian hosts only (x64, arm64), which is what ONNX Runtime's raw buffers use.
        MemoryMarshal.Write(into, in value);
        return true;
    }

    public static InferenceException Invalid(
        ref Utf8JsonReader reader,
        JsonTensorTarget target,
        int index,
        string datatype
    )
    {
        var what = $"input '{Echo.Of(target.Name)}' element {index} ({JsonText.Preview(ref reader)})";
        if (reader.TokenType != JsonTokenType.Number || datatype == "BOOL")
            return InferenceException.BadRequest($"{what} is not a valid {datatype} value");
        var isInteger =
            datatype.StartsWith("INT", StringComparison.Ordinal)
            || datatype.StartsWith("UINT", StringComparison.Ordinal);
        if (isInteger)
        {
            return InferenceException.BadRequest(
                $"{what} is not a valid {datatype} value: not an integer in the range of {datatype} ({Range(datatype)})"
            );
        }
        return InferenceException.BadRequest(
            $"{what} is not a valid {datatype} value: outside the range of {datatype} ({Range(datatype)})"
        );
    }

    private static string Range(string datatype) =>
        datatype switch
        {
            "UINT8" => "0 to 255",
            "INT8" => "-128 to 127",
            "UINT16" => "0 to 65535",
            "INT16" => "-32768 to 32767",
            "UINT32" => "0 to 4294967295",
            "INT32" => "-2147483648 to 2147483647",
            "UINT64" => "0 to 18446744073709551615",
            "INT64" => "-9223372036854775808 to 9223372036854775807",
            "FP16" => "±65504",
            "FP32" or "BF16" => "±3.4028235E+38",
            _ => "±1.7976931348623157E+308",
        };
}
