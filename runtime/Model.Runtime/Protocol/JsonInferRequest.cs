using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>A parsed REST inference request: {"id", "inputs": [{name, datatype, shape, data}], "outputs": [...]}.</summary>
public sealed record JsonInferRequest(
    string? Id,
    IReadOnlyList<KeyValuePair<string, Tensor>> Inputs,
    IReadOnlyList<RequestedOutput>? Outputs
)
{
    public static JsonInferRequest Parse(ReadOnlyMemory<byte> body, ServedModel model)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw InferenceException.BadRequest($"request body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw InferenceException.BadRequest("request body must be a JSON object with \"inputs\"");
            string? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                id =
                    idElement.ValueKind == JsonValueKind.String
                        ? idElement.GetString()
                        : throw InferenceException.BadRequest("\"id\" must be a string");
            }
            if (!root.TryGetProperty("inputs", out var inputsElement) || inputsElement.ValueKind != JsonValueKind.Array)
                throw InferenceException.BadRequest("request needs an \"inputs\" array");
            if (model.Session is null)
                throw new InferenceException(503, $"model '{model.Name}' is not ready: {model.LoadError}");
            var inputs = new List<KeyValuePair<string, Tensor>>();
            foreach (var input in inputsElement.EnumerateArray())
            {
                inputs.Add(ParseInput(input, model));
            }
            return new JsonInferRequest(id, inputs, ParseOutputs(root));
        }
    }

    private static KeyValuePair<string, Tensor> ParseInput(JsonElement input, ServedModel model)
    {
        if (input.ValueKind != JsonValueKind.Object)
            throw InferenceException.BadRequest("each input must be an object with name, datatype, shape and data");
        var name = StringProperty(input, "name") ?? throw InferenceException.BadRequest("an input has no \"name\"");
        var datatype = StringProperty(input, "datatype");
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw InferenceException.BadRequest($"input '{name}' needs a \"shape\" array");
        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out shape[i]) || shape[i] < 0)
                throw InferenceException.BadRequest($"input '{name}' shape must hold non-negative integers");
            i++;
        }
        var info = InputValidator.Check(model, name, datatype, shape);
        if (!input.TryGetProperty("data", out var data))
            throw InferenceException.BadRequest($"input '{name}' has no \"data\"");
        return new(name, JsonTensorData.Read(name, info.ElementType, shape, data));
    }

    private static List<RequestedOutput>? ParseOutputs(JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs))
            return null;
        if (outputs.ValueKind != JsonValueKind.Array)
            throw InferenceException.BadRequest("\"outputs\" must be an array");
        var result = new List<RequestedOutput>();
        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object ? StringProperty(output, "name") : null;
            if (name is null)
                throw InferenceException.BadRequest("each requested output needs a \"name\"");
            var k = 0;
            if (
                output.TryGetProperty("parameters", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("classification", out var c)
            )
            {
                if (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out k) || k < 1)
                    throw InferenceException.BadRequest(
                        $"classification for output '{name}' must be a positive integer"
                    );
            }
            result.Add(new RequestedOutput(name, k));
        }
        return result;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
