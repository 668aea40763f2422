using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelSdk.ContractModel;

/// <summary>
/// A JSON object of string values as an ordered list of pairs: the order is the list's and a repeated key stays
/// repeated (ONNX metadata_props may repeat a key; a dictionary would drop one).
/// </summary>
public sealed class PropertyListConverter : JsonConverter<IReadOnlyList<KeyValuePair<string, string>>>
{
    public override IReadOnlyList<KeyValuePair<string, string>> Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    )
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object of string values");
        }
        var pairs = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            var value =
                reader.TokenType == JsonTokenType.String
                    ? reader.GetString()!
                    : throw new JsonException($"metadata '{key}' is not a string");
            pairs.Add(KeyValuePair.Create(key, value));
        }
        return pairs;
    }

    public override void Write(
        Utf8JsonWriter writer,
        IReadOnlyList<KeyValuePair<string, string>> value,
        JsonSerializerOptions options
    )
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }
}
