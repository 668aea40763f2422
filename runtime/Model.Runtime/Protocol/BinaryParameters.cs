using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>The binary tensor data extension's parameters: binary_data_size, binary_data, binary_data_output.</summary>
internal static class BinaryParameters
{
    /// <summary>
    /// An input's "parameters": its "binary_data_size" and "content_type" (null when absent); other parameters are
    /// ignored.
    /// </summary>
    public static (long? Size, string? ContentType) ReadInputParameters(ref Utf8JsonReader reader)
    {
        long? size = null;
        string? contentType = null;
        if (!IsObject(ref reader))
            return (null, null);
        while (JsonText.NextProperty(ref reader))
        {
            var isSize = reader.ValueTextEquals("binary_data_size"u8);
            var isType = reader.ValueTextEquals("content_type"u8);
            reader.Read();
            if (isType)
                contentType =
                    reader.TokenType == JsonTokenType.String
                        ? JsonText.String(ref reader, "\"content_type\"")
                        : throw InferenceException.BadRequest("\"content_type\" must be a string, e.g. \"image/jpeg\"");
            else if (!isSize)
                reader.Skip();
            else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0)
                size = n;
            else
                throw InferenceException.BadRequest("\"binary_data_size\" must be a non-negative integer");
        }
        return (size, contentType);
    }

    /// <summary>The request's "parameters": its "binary_data_output" flag.</summary>
    public static bool ReadBinaryDataOutput(ref Utf8JsonReader reader) =>
        ReadFlag(ref reader, "binary_data_output"u8, "binary_data_output") ?? false;

    /// <summary>Reads a boolean member of a parameters object; null when absent.</summary>
    public static bool? ReadFlag(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string what)
    {
        bool? value = null;
        if (!IsObject(ref reader))
            return null;
        while (JsonText.NextProperty(ref reader))
        {
            var matches = reader.ValueTextEquals(name);
            reader.Read();
            if (!matches)
                reader.Skip();
            else
                value = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw InferenceException.BadRequest($"\"{what}\" must be true or false"),
                };
        }
        return value;
    }

    private static bool IsObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
            return true;
        if (reader.TokenType != JsonTokenType.Null)
            throw InferenceException.BadRequest("\"parameters\" must be an object");
        return false;
    }
}
