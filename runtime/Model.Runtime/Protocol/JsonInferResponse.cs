using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// Streams an inference response into the HTTP body: elements are written in slices and flushed as they go,
/// so a large output never exists as one JSON buffer (the answer goes out chunked).
/// </summary>
public static class JsonInferResponse
{
    private const int SliceElements = 8192;

    public static async Task WriteAsync(
        HttpResponse response,
        ServedModel model,
        string? id,
        IReadOnlyList<OutputTensor> outputs
    )
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var pipe = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe);
        WriteStart(writer, model, id);
        foreach (var output in outputs)
        {
            WriteOutputStart(writer, output);
            writer.WriteStartArray("data");
            var count = (int)output.Tensor.ElementCount;
            for (var start = 0; start < count; start += SliceElements)
            {
                JsonTensorData.WriteElements(writer, output.Tensor, start, Math.Min(SliceElements, count - start));
                writer.Flush();
                await pipe.FlushAsync(response.HttpContext.RequestAborted);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await pipe.FlushAsync(response.HttpContext.RequestAborted);
    }

    /// <summary>The response object up to its open "outputs" array (shared with the binary-data response).</summary>
    internal static void WriteStart(Utf8JsonWriter writer, ServedModel model, string? id)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", model.Name);
        writer.WriteString("model_version", model.Version);
        if (id is not null)
            writer.WriteString("id", id);
        writer.WriteStartArray("outputs");
    }

    /// <summary>An output object up to its shape; the caller adds data or parameters and closes it.</summary>
    internal static void WriteOutputStart(Utf8JsonWriter writer, OutputTensor output)
    {
        writer.WriteStartObject();
        writer.WriteString("name", output.Name);
        writer.WriteString("datatype", output.Datatype);
        writer.WriteStartArray("shape");
        foreach (var d in output.Tensor.Shape)
            writer.WriteNumberValue(d);
        writer.WriteEndArray();
    }
}
