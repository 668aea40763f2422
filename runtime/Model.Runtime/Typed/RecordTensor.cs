using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed;

/// <summary>One instance's value for a record input: its nested-array shape and its leaves in row-major order.</summary>
public sealed record RecordValue(long[] Shape, JsonElement[] Leaves)
{
    public static RecordValue Of(JsonElement element, string what)
    {
        // Sized for the common flat row, so the list does not grow (and copy) leaf by leaf.
        var leaves = new List<JsonElement>(element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 1);
        var shape = ShapeOf(element, what, leaves);
        return new RecordValue(shape, [.. leaves]);
    }

    private static long[] ShapeOf(JsonElement e, string what, List<JsonElement> leaves)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            leaves.Add(e);
            return [];
        }
        long[]? inner = null;
        var count = 0;
        foreach (var item in e.EnumerateArray())
        {
            var s = ShapeOf(item, what, leaves);
            if (inner is not null && !inner.SequenceEqual(s))
                throw InferenceException.BadRequest($"{what} is a ragged array; every row must have the same length");
            inner = s;
            count++;
        }
        return [count, .. inner ?? []];
    }
}

/// <summary>
/// Stacks instances' record values into one input tensor: the first axis is the batch, the rest take the value's
/// nested shape (or, when the model fixes them all, any value with that many elements). Numbers fill numeric
/// inputs, true/false BOOL, strings BYTES (UTF-8).
/// </summary>
public static class RecordTensor
{
    public static Tensor Build(TensorInfo input, IReadOnlyList<RecordValue> values)
    {
        var dims = input.Dimensions;
        if (dims.Length == 0)
            throw InferenceException.BadRequest($"input '{input.Name}' is a scalar; v1 instances need a batch axis");
        var per = dims[1..];
        var shapes = values.Select((v, i) => Fit(input, per, v, i)).ToArray();
        if (shapes.Any(s => !s.SequenceEqual(shapes[0])))
            throw InferenceException.BadRequest(
                $"the instances give input '{input.Name}' different shapes ({string.Join(", ", shapes.Select(InputValidator.ShapeText).Distinct())}); they must agree"
            );
        long[] shape = [values.Count, .. shapes[0]];
        return Convert(input, shape, values);
    }

    private static long[] Fit(TensorInfo input, long[] per, RecordValue value, int index)
    {
        var fits =
            value.Shape.Length == per.Length && value.Shape.Zip(per).All(p => p.Second < 0 || p.First == p.Second);
        if (fits)
            return value.Shape;
        if (per.All(d => d >= 0) && Tensor.ElementCountOf(per) == value.Leaves.Length)
            return per;
        throw InferenceException.BadRequest(
            $"instance {index}: input '{input.Name}' expects a value of shape {InputValidator.ShapeText(per)} per instance (-1 = any size), "
                + $"got {InputValidator.ShapeText(value.Shape)}"
        );
    }

    private static Tensor Convert(TensorInfo input, long[] shape, IReadOnlyList<RecordValue> values)
    {
        var type = input.ElementType;
        return type switch
        {
            OnnxElementType.String => Tensor.FromStrings(
                shape,
                values.SelectMany(v => v.Leaves).Select(l => Encoding.UTF8.GetBytes(Text(input, l))).ToArray()
            ),
            OnnxElementType.Bool => Fill(type, shape, values, l => Bool(input, l) ? (byte)1 : (byte)0),
            OnnxElementType.Float => Fill(type, shape, values, l => (float)Number(input, l)),
            OnnxElementType.Double => Fill(type, shape, values, l => Number(input, l)),
            OnnxElementType.Float16 => Fill(type, shape, values, l => (Half)Number(input, l)),
            OnnxElementType.Int64 => Fill(type, shape, values, l => Whole(input, l, long.MinValue, long.MaxValue)),
            OnnxElementType.Int32 => Fill(type, shape, values, l => (int)Whole(input, l, int.MinValue, int.MaxValue)),
            OnnxElementType.Int16 => Fill(
                type,
                shape,
                values,
                l => (short)Whole(input, l, short.MinValue, short.MaxValue)
            ),
            OnnxElementType.Int8 => Fill(
                type,
                shape,
                values,
                l => (sbyte)Whole(input, l, sbyte.MinValue, sbyte.MaxValue)
            ),
            OnnxElementType.UInt8 => Fill(type, shape, values, l => (byte)Whole(input, l, 0, byte.MaxValue)),
            OnnxElementType.UInt16 => Fill(type, shape, values, l => (ushort)Whole(input, l, 0, ushort.MaxValue)),
            OnnxElementType.UInt32 => Fill(type, shape, values, l => (uint)Whole(input, l, 0, uint.MaxValue)),
            _ => throw InferenceException.BadRequest(
                $"input '{input.Name}' ({type}) cannot be given as a JSON record value"
            ),
        };
    }

    // Straight into the tensor's bytes: no per-instance or per-type intermediate arrays.
    private static Tensor Fill<T>(
        OnnxElementType type,
        long[] shape,
        IReadOnlyList<RecordValue> values,
        Func<JsonElement, T> read
    )
        where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<byte>(checked((int)Tensor.ElementCountOf(shape) * Unsafe.SizeOf<T>()));
        var target = MemoryMarshal.Cast<byte, T>(data.AsSpan());
        var at = 0;
        foreach (var value in values)
        {
            foreach (var leaf in value.Leaves)
                target[at++] = read(leaf);
        }
        return Tensor.FromBytes(type, shape, data);
    }

    private static double Number(TensorInfo input, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw WrongType(input, e, "numbers");

    private static long Whole(TensorInfo input, JsonElement e, long min, long max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) && v >= min && v <= max
            ? v
            : throw WrongType(input, e, $"whole numbers from {min} to {max}");

    private static bool Bool(TensorInfo input, JsonElement e) =>
        e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(input, e, "true or false"),
        };

    private static string Text(TensorInfo input, JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw WrongType(input, e, "strings");

    private static InferenceException WrongType(TensorInfo input, JsonElement e, string expected) =>
        InferenceException.BadRequest(
            $"input '{input.Name}' takes {expected} ({OnnxDatatypes.ToOip(input.ElementType)}) but a value is {Describe(e)}"
        );

    private static string Describe(JsonElement e) =>
        e.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{Echo.Of(e.GetString() ?? "")}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Null => "null",
            _ => $"{e.ValueKind.ToString().ToLowerInvariant()} {Echo.Of(e.GetRawText())}",
        };
}
