using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>Writes tensor elements as the flat "data" array of a JSON response.</summary>
public static class JsonTensorData
{
    /// <summary>Writes elements [start, start + count) of the tensor as array items (the caller opens the array).</summary>
    public static void WriteElements(Utf8JsonWriter writer, Tensor tensor, int start, int count)
    {
        if (tensor.ElementType == OnnxElementType.String)
        {
            foreach (var s in tensor.Strings!.AsSpan(start, count))
            {
                writer.WriteStringValue(Encoding.UTF8.GetString(s));
            }
            return;
        }
        var data = tensor.Data.AsSpan();
        var size = TensorElementTypes.SizeOf(tensor.ElementType);
        for (var i = start; i < start + count; i++)
        {
            var s = data.Slice(i * size, size);
            switch (tensor.ElementType)
            {
                case OnnxElementType.Bool:
                    writer.WriteBooleanValue(s[0] != 0);
                    break;
                case OnnxElementType.UInt8:
                    writer.WriteNumberValue(s[0]);
                    break;
                case OnnxElementType.Int8:
                    writer.WriteNumberValue((sbyte)s[0]);
                    break;
                case OnnxElementType.UInt16:
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(s));
                    break;
                case OnnxElementType.Int16:
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(s));
                    break;
                case OnnxElementType.UInt32:
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(s));
                    break;
                case OnnxElementType.Int32:
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(s));
                    break;
                case OnnxElementType.UInt64:
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(s));
                    break;
                case OnnxElementType.Int64:
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(s));
                    break;
                case OnnxElementType.Float:
                    WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(s));
                    break;
                case OnnxElementType.Float16:
                    WriteFloat(writer, (float)BinaryPrimitives.ReadHalfLittleEndian(s));
                    break;
                case OnnxElementType.BFloat16:
                    WriteFloat(writer, TensorValues.BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s)));
                    break;
                case OnnxElementType.Double:
                    var d = BinaryPrimitives.ReadDoubleLittleEndian(s);
                    if (double.IsFinite(d))
                        writer.WriteNumberValue(d);
                    else
                        writer.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    // JSON has no NaN or infinity; those go out as strings ("NaN", "Infinity", "-Infinity").
    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
