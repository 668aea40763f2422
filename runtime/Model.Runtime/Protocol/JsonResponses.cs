using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRuntime.Protocol;

/// <summary>Writes protocol JSON bodies with Utf8JsonWriter (no reflection, so the runtime trims cleanly).</summary>
public static class JsonResponses
{
    public static byte[] Error(string message) => Object(w => w.WriteString("error", message));

    public static byte[] Node(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            node.WriteTo(writer);
        return buffer.ToArray();
    }

    public static byte[] Object(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
