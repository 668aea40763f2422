using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>The request's "outputs": [{"name", "parameters": {"classification": k, "binary_data": bool}}].</summary>
internal static class JsonRequestedOutputs
{
    public static List<RequestedOutput> Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw InferenceException.BadRequest("\"outputs\" must be an array");
        var result = new List<RequestedOutput>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            result.Add(ReadOne(ref reader));
        return result;
    }

    private static RequestedOutput ReadOne(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw InferenceException.BadRequest("each requested output needs a \"name\"");
        string? name = null;
        var k = 0;
        var kValid = true;
        bool? binary = null;
        while (JsonText.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    name = JsonText.String(ref reader, "a requested output's \"name\"");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                kValid = ReadParameters(ref reader, ref k, ref binary);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (name is null)
            throw InferenceException.BadRequest("each requested output needs a \"name\"");
        if (!kValid)
            throw InferenceException.BadRequest(
                $"classification for output '{Echo.Of(name)}' must be a positive integer"
            );
        return new RequestedOutput(name, k, binary);
    }

    private static bool ReadParameters(ref Utf8JsonReader reader, ref int k, ref bool? binary)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }
        var valid = true;
        while (JsonText.NextProperty(ref reader))
        {
            var isClassification = reader.ValueTextEquals("classification"u8);
            var isBinary = reader.ValueTextEquals("binary_data"u8);
            reader.Read();
            if (isClassification)
                valid = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out k) && k >= 1;
            else if (isBinary)
                binary = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw InferenceException.BadRequest("an output's \"binary_data\" must be true or false"),
                };
            else
                reader.Skip();
        }
        return valid;
    }
}
