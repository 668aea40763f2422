using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed;

/// <summary>
/// The v1 answer before purpose-specific decoding: <c>{"predictions": [...]}</c>, one object per instance holding
/// every output by name as nested JSON arrays. An output whose first axis is the batch is sliced per instance;
/// any other output is given whole to each instance.
/// </summary>
public static class RawPredictions
{
    public static void WritePredictions(Utf8JsonWriter w, IReadOnlyList<(TypedBatch Batch, IReadOnlyList<OutputTensor> Outputs)> runs)
    {
        w.WriteStartObject();
        w.WriteStartArray("predictions");
        foreach (var (batch, outputs) in runs)
        {
            for (var i = 0; i < batch.Count; i++)
                WriteInstance(w, outputs, i, batch.Count);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteInstance(Utf8JsonWriter w, IReadOnlyList<OutputTensor> outputs, int index, int count)
    {
        w.WriteStartObject();
        foreach (var output in outputs)
        {
            w.WritePropertyName(output.Name);
            var t = output.Tensor;
            var sliced = t.Shape.Length > 0 && t.Shape[0] == count;
            var shape = sliced ? t.Shape[1..] : t.Shape;
            var per = Tensor.ElementCountOf(shape);
            var start = sliced ? index * per : 0;
            WriteNested(w, t, shape, 0, ref start);
        }
        w.WriteEndObject();
    }

    private static void WriteNested(Utf8JsonWriter w, Tensor t, long[] shape, int axis, ref long at)
    {
        if (axis == shape.Length)
        {
            WriteElement(w, t, at++);
            return;
        }
        w.WriteStartArray();
        for (var i = 0; i < shape[axis]; i++)
            WriteNested(w, t, shape, axis + 1, ref at);
        w.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter w, Tensor t, long i)
    {
        var d = t.Data.AsSpan();
        switch (t.ElementType)
        {
            case OnnxElementType.String:
                w.WriteStringValue(Encoding.UTF8.GetString(t.Strings![i]));
                break;
            case OnnxElementType.Bool:
                w.WriteBooleanValue(d[(int)i] != 0);
                break;
            case OnnxElementType.Float:
                Finite(w, BinaryPrimitives.ReadSingleLittleEndian(d[(int)(i * 4)..]));
                break;
            case OnnxElementType.Double:
                Finite(w, BinaryPrimitives.ReadDoubleLittleEndian(d[(int)(i * 8)..]));
                break;
            case OnnxElementType.Float16:
                Finite(w, (double)BinaryPrimitives.ReadHalfLittleEndian(d[(int)(i * 2)..]));
                break;
            case OnnxElementType.Int64:
                w.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(d[(int)(i * 8)..]));
                break;
            case OnnxElementType.Int32:
                w.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(d[(int)(i * 4)..]));
                break;
            case OnnxElementType.Int16:
                w.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(d[(int)(i * 2)..]));
                break;
            case OnnxElementType.Int8:
                w.WriteNumberValue((sbyte)d[(int)i]);
                break;
            case OnnxElementType.UInt8:
                w.WriteNumberValue(d[(int)i]);
                break;
            case OnnxElementType.UInt16:
                w.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(d[(int)(i * 2)..]));
                break;
            case OnnxElementType.UInt32:
                w.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(d[(int)(i * 4)..]));
                break;
            case OnnxElementType.UInt64:
                w.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(d[(int)(i * 8)..]));
                break;
            default:
                throw new InferenceException(500, $"output type {t.ElementType} cannot be written as JSON");
        }
    }

    // JSON has no NaN or infinity: they are written as the strings "NaN", "Infinity", "-Infinity".
    private static void Finite(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v))
            w.WriteNumberValue(v);
        else
            w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
}
