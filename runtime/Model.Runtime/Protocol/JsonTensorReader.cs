using System.Text.Json;
using System.Text.Unicode;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>What an input's "data" must fill: its name, element type, shape, and what the counting pass found.</summary>
internal readonly record struct JsonTensorTarget(
    string Name,
    OnnxElementType Type,
    long[] Shape,
    long Count,
    long DataBytes
);

/// <summary>
/// Reads the "data" of a JSON tensor (flat or nested arrays) in two passes over the body: the first counts the
/// elements without converting anything, so a shape that does not match is refused before any allocation; the
/// second writes each value into a buffer sized from the shape and reserved from the request's lease.
/// </summary>
internal static class JsonTensorReader
{
    // What a byte[] for one BYTES element costs beyond its content (object header, length, reference).
    private const int StringOverhead = 32;

    /// <summary>Counts the scalar leaves of the value at the reader; leaves the reader on its last token.</summary>
    public static long CountElements(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 1;
        }
        var depth = reader.CurrentDepth;
        long count = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    break;
                case JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return count;
                case JsonTokenType.EndArray:
                    break;
                default:
                    reader.Skip();
                    count++;
                    break;
            }
        }
        return count;
    }

    public static Tensor Read(ref Utf8JsonReader reader, JsonTensorTarget target, RequestMemoryLease lease)
    {
        var expected = Tensor.ElementCountOf(target.Shape);
        if (target.Count != expected)
        {
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(target.Name)}' has {target.Count} elements but shape "
                    + $"{InputValidator.ShapeText(target.Shape)} needs {expected}"
            );
        }
        if (target.Type == OnnxElementType.String)
        {
            lease.Reserve(target.DataBytes + expected * StringOverhead, $"input '{Echo.Of(target.Name)}'");
            return Tensor.FromStrings(target.Shape, ReadStrings(ref reader, target));
        }
        var size = TensorElementTypes.SizeOf(target.Type);
        var bytes = expected * size;
        if (bytes > Array.MaxLength)
            throw new InferenceException(413, $"input '{Echo.Of(target.Name)}' is larger than 2 GiB");
        lease.Reserve(bytes, $"input '{Echo.Of(target.Name)}'");
        var buffer = GC.AllocateUninitializedArray<byte>((int)bytes);
        var index = 0;
        var leaves = new LeafCursor(ref reader);
        while (leaves.Next(ref reader))
        {
            JsonNumbers.Write(ref reader, target, index, buffer.AsSpan(index * size, size));
            index++;
        }
        return Tensor.FromBytes(target.Type, target.Shape, buffer);
    }

    private static byte[][] ReadStrings(ref Utf8JsonReader reader, JsonTensorTarget target)
    {
        var strings = new byte[target.Count][];
        var index = 0;
        var leaves = new LeafCursor(ref reader);
        while (leaves.Next(ref reader))
        {
            if (reader.TokenType != JsonTokenType.String)
                throw JsonNumbers.Invalid(ref reader, target, index, "BYTES");
            var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            var value = new byte[length];
            int written;
            try
            {
                written = reader.CopyString(value);
            }
            catch (InvalidOperationException)
            {
                throw JsonText.InvalidText($"input '{Echo.Of(target.Name)}' element {index}");
            }
            if (!Utf8.IsValid(value.AsSpan(0, written)))
                throw JsonText.InvalidText($"input '{Echo.Of(target.Name)}' element {index}");
            strings[index++] = written == value.Length ? value : value[..written];
        }
        return strings;
    }
}

/// <summary>Steps a reader onto each scalar leaf of the value it starts on (a scalar is its own only leaf).</summary>
internal struct LeafCursor
{
    private readonly int _depth;
    private readonly bool _scalar;
    private bool _done;

    public LeafCursor(ref Utf8JsonReader reader)
    {
        _depth = reader.CurrentDepth;
        _scalar = reader.TokenType != JsonTokenType.StartArray;
    }

    public bool Next(ref Utf8JsonReader reader)
    {
        if (_done)
            return false;
        if (_scalar)
            return _done = true;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    continue;
                case JsonTokenType.EndArray when reader.CurrentDepth == _depth:
                    _done = true;
                    return false;
                case JsonTokenType.EndArray:
                    continue;
                default:
                    return true;
            }
        }
        _done = true;
        return false;
    }
}
