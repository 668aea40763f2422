using System.Buffers;
using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// A response with binary outputs (binary tensor data extension): the JSON header, where each binary output has
/// "parameters": {"binary_data_size": n} instead of "data", then the binary outputs' bytes in output order.
/// Inference-Header-Content-Length gives the header's length, Content-Length the whole body's.
/// </summary>
public static class BinaryInferResponse
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    public static async Task WriteAsync(
        HttpResponse response,
        ServedModel model,
        string? id,
        IReadOnlyList<OutputTensor> outputs,
        bool[] binary
    )
    {
        var header = new ArrayBufferWriter<byte>();
        var sizes = outputs.Select((o, i) => binary[i] ? BinaryTensorData.SizeOf(o.Tensor) : 0).ToArray();
        using (var writer = new Utf8JsonWriter(header))
            WriteHeader(writer, model, id, outputs, binary, sizes);
        response.StatusCode = 200;
        response.ContentType = "application/octet-stream";
        response.Headers[HeaderLength] = header.WrittenCount.ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );
        response.ContentLength = header.WrittenCount + sizes.Sum();
        var ct = response.HttpContext.RequestAborted;
        await response.BodyWriter.WriteAsync(header.WrittenMemory, ct);
        for (var i = 0; i < outputs.Count; i++)
        {
            if (binary[i])
                await BinaryTensorData.WriteAsync(response.BodyWriter, outputs[i].Tensor, ct);
        }
    }

    private static void WriteHeader(
        Utf8JsonWriter writer,
        ServedModel model,
        string? id,
        IReadOnlyList<OutputTensor> outputs,
        bool[] binary,
        long[] sizes
    )
    {
        JsonInferResponse.WriteStart(writer, model, id);
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            JsonInferResponse.WriteOutputStart(writer, output);
            if (binary[i])
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("binary_data_size", sizes[i]);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("data");
                JsonTensorData.WriteElements(writer, output.Tensor, 0, (int)output.Tensor.ElementCount);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Which outputs go binary: an output's own "binary_data", else the request's "binary_data_output".</summary>
    public static bool[] Choose(IReadOnlyList<OutputTensor> outputs, JsonInferRequest request) =>
        outputs
            .Select(o => request.Outputs?.FirstOrDefault(r => r.Name == o.Name)?.BinaryData ?? request.BinaryDataOutput)
            .ToArray();
}
