using System.Buffers;
using System.Text.Json;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// A parsed REST inference request: {"id", "inputs": [{name, datatype, shape, data}], "outputs": [...]}. Read
/// with Utf8JsonReader straight from the body (no document, no boxed numbers); each input's data is counted
/// first and checked against its shape, then written into a tensor buffer reserved from the request's lease.
/// </summary>
public sealed record JsonInferRequest(
    string? Id,
    IReadOnlyList<KeyValuePair<string, Tensor>> Inputs,
    IReadOnlyList<RequestedOutput>? Outputs
)
{
    /// <summary>The request-level "binary_data_output" parameter: every output binary unless it says otherwise.</summary>
    public bool BinaryDataOutput { get; init; }

    public static JsonInferRequest Parse(
        ReadOnlySequence<byte> body,
        ServedModel model,
        RequestMemoryLease lease,
        BinaryInputCursor? binary = null
    )
    {
        if (model.Session is null)
            throw ErrorStatus.NotReady(model);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            return ReadRoot(ref reader, model, lease, binary ?? BinaryInputCursor.None);
        }
        catch (JsonException e)
        {
            throw InferenceException.BadRequest($"request body is not valid JSON: {e.Message}");
        }
    }

    private static JsonInferRequest ReadRoot(
        ref Utf8JsonReader reader,
        ServedModel model,
        RequestMemoryLease lease,
        BinaryInputCursor binary
    )
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw InferenceException.BadRequest("request body must be a JSON object with \"inputs\"");
        string? id = null;
        List<KeyValuePair<string, Tensor>>? inputs = null;
        List<RequestedOutput>? outputs = null;
        var binaryOutput = false;
        while (JsonText.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id =
                    reader.TokenType == JsonTokenType.String
                        ? JsonText.String(ref reader, "\"id\"")
                        : throw InferenceException.BadRequest("\"id\" must be a string");
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                if (inputs is not null)
                    throw InferenceException.BadRequest("\"inputs\" is given more than once");
                inputs = ReadInputs(ref reader, model, lease, binary);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binaryOutput = BinaryParameters.ReadBinaryDataOutput(ref reader);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                outputs = JsonRequestedOutputs.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read())
            throw InferenceException.BadRequest("request body has content after its JSON object");
        if (inputs is null)
            throw InferenceException.BadRequest("request needs an \"inputs\" array");
        binary.EnsureConsumed();
        return new JsonInferRequest(id, inputs, outputs) { BinaryDataOutput = binaryOutput };
    }

    private static List<KeyValuePair<string, Tensor>> ReadInputs(
        ref Utf8JsonReader reader,
        ServedModel model,
        RequestMemoryLease lease,
        BinaryInputCursor binary
    )
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw InferenceException.BadRequest("request needs an \"inputs\" array");
        var inputs = new List<KeyValuePair<string, Tensor>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            inputs.Add(JsonInput.Read(ref reader, model, lease, binary));
        return inputs;
    }
}
