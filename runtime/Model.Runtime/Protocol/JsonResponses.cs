using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>Writes protocol JSON bodies with Utf8JsonWriter (no reflection, so the runtime trims cleanly).</summary>
public static class JsonResponses
{
    public static byte[] Infer(ServedModel model, string? id, IReadOnlyList<OutputTensor> outputs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name", model.Name);
            writer.WriteString("model_version", model.Version);
            if (id is not null)
                writer.WriteString("id", id);
            writer.WriteStartArray("outputs");
            foreach (var output in outputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", output.Name);
                writer.WriteString("datatype", output.Datatype);
                writer.WriteStartArray("shape");
                foreach (var d in output.Tensor.Shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WritePropertyName("data");
                JsonTensorData.Write(writer, output.Tensor);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

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
