using System.Text.Json;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>One element of "inputs": {name, datatype, shape, data, parameters}, its members in any order.</summary>
internal static class JsonInput
{
    // ONNX allows far fewer axes; more is a request built to waste memory on its shape alone.
    private const int MaxRank = 64;

    public static KeyValuePair<string, Tensor> Read(
        ref Utf8JsonReader reader,
        ServedModel model,
        RequestMemoryLease lease,
        BinaryInputCursor binary
    )
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw InferenceException.BadRequest("each input must be an object with name, datatype, shape and data");
        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        // Where "data" starts; it is counted now and converted once name, datatype and shape are known.
        Utf8JsonReader data = default;
        var count = -1L;
        var dataBytes = 0L;
        long? binarySize = null;
        string? contentType = null;
        while (JsonText.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
                name = OptionalString(ref reader, "an input's \"name\"");
            else if (reader.ValueTextEquals("datatype"u8))
                datatype = OptionalString(ref reader, "an input's \"datatype\"");
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                data = reader;
                var start = reader.TokenStartIndex;
                count = JsonTensorReader.CountElements(ref reader);
                dataBytes = reader.BytesConsumed - start;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                (binarySize, contentType) = BinaryParameters.ReadInputParameters(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (name is null)
            throw InferenceException.BadRequest("an input has no \"name\"");
        if (shape is null)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' needs a \"shape\" array of non-negative integers"
            );
        if (Typed.EncodedImages.IsImage(contentType))
            return new(
                name,
                Typed.EncodedImages.Read(
                    ref data,
                    count,
                    dataBytes,
                    binarySize,
                    binary,
                    new(model, name, datatype, shape),
                    lease
                )
            );
        var info = InputValidator.Check(model, name, datatype, shape);
        if (binarySize is { } size)
        {
            if (count >= 0)
                throw InferenceException.BadRequest(
                    $"input '{Echo.Of(name)}' has both \"data\" and \"binary_data_size\"; give one"
                );
            var bytes = binary.Take(size, name);
            return new(name, BinaryTensorData.ReadInput(name, info.ElementType, shape, bytes, lease));
        }
        if (count < 0)
            throw InferenceException.BadRequest($"input '{Echo.Of(name)}' has no \"data\"");
        var tensor = JsonTensorReader.Read(
            ref data,
            new JsonTensorTarget(name, info.ElementType, shape, count, dataBytes),
            lease
        );
        return new(name, tensor);
    }

    private static string? OptionalString(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        return reader.TokenType == JsonTokenType.String
            ? JsonText.String(ref reader, what)
            : throw InferenceException.BadRequest($"{what} must be a string");
    }

    private static long[] ReadShape(ref Utf8JsonReader reader)
    {
        const string Message = "an input's \"shape\" must be an array of non-negative integers";
        if (reader.TokenType != JsonTokenType.StartArray)
            throw InferenceException.BadRequest(Message);
        var shape = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var d) || d < 0)
                throw InferenceException.BadRequest(Message);
            if (shape.Count == MaxRank)
                throw InferenceException.BadRequest($"an input's \"shape\" has more than {MaxRank} axes");
            shape.Add(d);
        }
        return [.. shape];
    }
}
