using System.Buffers.Binary;
using System.Globalization;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>Reads single elements of raw little-endian tensor data.</summary>
public static class TensorValues
{
    public static double ToDouble(Tensor t, long index)
    {
        var size = TensorElementTypes.SizeOf(t.ElementType);
        var span = t.Data.AsSpan(checked((int)(index * size)), size);
        return t.ElementType switch
        {
            OnnxElementType.Bool => span[0] != 0 ? 1 : 0,
            OnnxElementType.UInt8 => span[0],
            OnnxElementType.Int8 => (sbyte)span[0],
            OnnxElementType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            OnnxElementType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(span),
            OnnxElementType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            OnnxElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span),
            OnnxElementType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(span),
            OnnxElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span),
            OnnxElementType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(span),
            OnnxElementType.BFloat16 => BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span)),
            OnnxElementType.Float => BinaryPrimitives.ReadSingleLittleEndian(span),
            OnnxElementType.Double => BinaryPrimitives.ReadDoubleLittleEndian(span),
            _ => throw new InvalidOperationException($"{t.ElementType} is not numeric"),
        };
    }

    /// <summary>The shortest text that reads back as the same value in the tensor's own precision.</summary>
    public static string FormatScore(Tensor t, long index)
    {
        var value = ToDouble(t, index);
        return t.ElementType switch
        {
            OnnxElementType.Float or OnnxElementType.Float16 or OnnxElementType.BFloat16 => ((float)value).ToString(
                "R",
                CultureInfo.InvariantCulture
            ),
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Round to nearest even, keeping NaN a NaN.</summary>
    public static ushort SingleToBFloat16(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
