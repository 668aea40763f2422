using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>Converts the "data" of a JSON tensor (flat or nested arrays) to and from tensor bytes.</summary>
public static class JsonTensorData
{
    public static Tensor Read(string name, OnnxElementType type, long[] shape, JsonElement data)
    {
        var expected = Tensor.ElementCountOf(shape);
        var elements = new List<JsonElement>((int)Math.Min(expected, 1 << 20));
        Flatten(name, data, elements, expected);
        if (elements.Count != expected)
        {
            throw InferenceException.BadRequest(
                $"input '{name}' has {elements.Count} elements but shape {InputValidator.ShapeText(shape)} needs {expected}"
            );
        }
        if (type == OnnxElementType.String)
        {
            var strings = new byte[elements.Count][];
            for (var i = 0; i < strings.Length; i++)
            {
                strings[i] =
                    elements[i].ValueKind == JsonValueKind.String
                        ? Encoding.UTF8.GetBytes(elements[i].GetString()!)
                        : throw Invalid(name, i, elements[i], "BYTES");
            }
            return Tensor.FromStrings(shape, strings);
        }
        var size = TensorElementTypes.SizeOf(type);
        var bytes = new byte[elements.Count * size];
        for (var i = 0; i < elements.Count; i++)
        {
            Write(name, i, type, elements[i], bytes.AsSpan(i * size, size));
        }
        return Tensor.FromBytes(type, shape, bytes);
    }

    private static void Flatten(string name, JsonElement element, List<JsonElement> into, long limit)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(name, item, into, limit);
            }
            return;
        }
        if (into.Count > limit)
        {
            return; // Count is already wrong; the caller reports it without storing the rest.
        }
        into.Add(element);
    }

    private static void Write(string name, int index, OnnxElementType type, JsonElement e, Span<byte> target)
    {
        var datatype = OnnxDatatypes.ToOip(type)!;
        if (type == OnnxElementType.Bool)
        {
            target[0] = e.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                JsonValueKind.Number when e.TryGetInt32(out var b) && b is 0 or 1 => (byte)b,
                _ => throw Invalid(name, index, e, datatype),
            };
            return;
        }
        if (e.ValueKind != JsonValueKind.Number)
        {
            throw Invalid(name, index, e, datatype);
        }
        var ok = type switch
        {
            OnnxElementType.UInt8 => e.TryGetByte(out var v) && Set(target, v),
            OnnxElementType.Int8 => e.TryGetSByte(out var v) && Set(target, (byte)v),
            OnnxElementType.UInt16 => e.TryGetUInt16(out var v) && W(target, v),
            OnnxElementType.Int16 => e.TryGetInt16(out var v) && W(target, v),
            OnnxElementType.UInt32 => e.TryGetUInt32(out var v) && W(target, v),
            OnnxElementType.Int32 => e.TryGetInt32(out var v) && W(target, v),
            OnnxElementType.UInt64 => e.TryGetUInt64(out var v) && W(target, v),
            OnnxElementType.Int64 => e.TryGetInt64(out var v) && W(target, v),
            OnnxElementType.Float => e.TryGetDouble(out var v) && W(target, (float)v),
            OnnxElementType.Double => e.TryGetDouble(out var v) && W(target, v),
            OnnxElementType.Float16 => e.TryGetDouble(out var v) && W(target, (Half)v),
            OnnxElementType.BFloat16 => e.TryGetDouble(out var v) && W(target, TensorValues.SingleToBFloat16((float)v)),
            _ => false,
        };
        if (!ok)
        {
            throw Invalid(name, index, e, datatype);
        }
    }

    private static bool Set(Span<byte> target, byte value)
    {
        target[0] = value;
        return true;
    }

    private static bool W<T>(Span<byte> target, T value)
        where T : unmanaged
    {
        // Little-endian hosts only (x64, arm64), which is what ONNX Runtime's raw buffers use.
        System.Runtime.InteropServices.MemoryMarshal.Write(target, in value);
        return true;
    }

    private static InferenceException Invalid(string name, int index, JsonElement e, string datatype) =>
        InferenceException.BadRequest($"input '{name}' element {index} ({Preview(e)}) is not a valid {datatype} value");

    private static string Preview(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    public static void Write(Utf8JsonWriter writer, Tensor tensor)
    {
        writer.WriteStartArray();
        if (tensor.ElementType == OnnxElementType.String)
        {
            foreach (var s in tensor.Strings!)
            {
                writer.WriteStringValue(Encoding.UTF8.GetString(s));
            }
            writer.WriteEndArray();
            return;
        }
        var data = tensor.Data.AsSpan();
        var size = TensorElementTypes.SizeOf(tensor.ElementType);
        var count = tensor.ElementCount;
        for (var i = 0; i < count; i++)
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
        writer.WriteEndArray();
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
