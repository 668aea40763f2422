using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// Every output by name as nested JSON arrays, one instance (dim 0 removed; an output whose dim 0 is 1 is given
/// whole to every instance): numbers as numbers (floats in their own precision), BOOL as true/false, BYTES as text.
/// </summary>
public static class RawOutputFormatter
{
    public static JsonObject Format(IReadOnlyList<OutputTensor> outputs, int instance)
    {
        var result = new JsonObject();
        foreach (var output in outputs)
            result[output.Name] = Instance(output, instance);
        return result;
    }

    private static JsonNode? Instance(OutputTensor output, int instance)
    {
        var t = output.Tensor;
        if (t.Shape.Length == 0)
            return Element(output, 0);
        var once = t.Shape[0] == 1;
        if (!once && instance >= t.Shape[0])
            throw InstanceTensor.Unfit(
                $"output '{output.Name}' has {t.Shape[0]} rows; instance {instance} is not among them"
            );
        var shape = t.Shape[1..];
        var count = OnnxRuntime.Tensor.ElementCountOf(shape);
        return Nest(output, shape, 0, once ? 0 : instance * count);
    }

    private static JsonNode? Nest(OutputTensor output, long[] shape, int axis, long start)
    {
        if (axis == shape.Length)
            return Element(output, start);
        var inner = OnnxRuntime.Tensor.ElementCountOf(shape[(axis + 1)..]);
        var array = new JsonArray();
        for (long i = 0; i < shape[axis]; i++)
            array.Add(Nest(output, shape, axis + 1, start + i * inner));
        return array;
    }

    private static JsonNode? Element(OutputTensor output, long index)
    {
        var t = output.Tensor;
        return t.ElementType switch
        {
            OnnxElementType.String => JsonValue.Create(Encoding.UTF8.GetString(t.Strings![index])),
            OnnxElementType.Bool => JsonValue.Create(t.Data[index] != 0),
            OnnxElementType.Float or OnnxElementType.Float16 or OnnxElementType.BFloat16 => JsonValue.Create(
                (float)TensorValues.ToDouble(t, index)
            ),
            OnnxElementType.Double => JsonValue.Create(TensorValues.ToDouble(t, index)),
            OnnxElementType.Int64 => JsonValue.Create(BitConverter.ToInt64(t.Data, checked((int)(index * 8)))),
            OnnxElementType.UInt64 => JsonValue.Create(BitConverter.ToUInt64(t.Data, checked((int)(index * 8)))),
            _ => JsonValue.Create((long)TensorValues.ToDouble(t, index)),
        };
    }
}
