using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRuntime.Contract;

/// <summary>What the server needs from one model of contract.json.</summary>
/// <param name="Metadata">The models[] entry, served as-is as the model's metadata.</param>
public sealed record ModelEntry(
    string Name,
    IReadOnlyList<string> Versions,
    JsonObject Metadata,
    string ModelPath,
    string? LabelsPath,
    IReadOnlyList<ParameterEntry> Parameters,
    int Cores,
    int MaxBatchSize,
    int MaxQueueDelayMs
);

/// <summary>A ModelParameter: its value comes from environment variable <see cref="Env"/>, else <see cref="Default"/>.</summary>
public sealed record ParameterEntry(string Name, string Type, JsonNode? Default, string? Env);

/// <summary>Reads contract.json (formatVersion 1); unknown keys are ignored so newer writers stay readable.</summary>
public static class ServingContract
{
    public static IReadOnlyList<ModelEntry> Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(
                File.ReadAllBytes(path),
                documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }
            );
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContractException($"cannot read {path}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new ContractException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        if (root is not JsonObject document)
        {
            throw new ContractException($"{path}: expected a JSON object.");
        }
        var version = document["formatVersion"]?.GetValue<int>() ?? 1;
        if (version != 1)
        {
            throw new ContractException($"{path}: formatVersion {version} is not supported by this runtime (1).");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var details = (document["modelDetails"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(d => d["name"] is not null)
            .ToDictionary(d => d["name"]!.GetValue<string>());
        var models = new List<ModelEntry>();
        foreach (var model in (document["models"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name =
                model["name"]?.GetValue<string>() ?? throw new ContractException($"{path}: a model has no name.");
            details.TryGetValue(name, out var detail);
            var file =
                detail?["file"]?.GetValue<string>()
                ?? throw new ContractException($"{path}: modelDetails has no file for model '{name}'.");
            var labels = (detail["labels"] as JsonObject)?["file"]?.GetValue<string>();
            var resources = detail["resources"] as JsonObject;
            var batching = detail["batching"] as JsonObject;
            models.Add(
                new ModelEntry(
                    name,
                    (model["versions"] as JsonArray ?? []).Select(v => v!.ToString()).ToArray(),
                    (JsonObject)model.DeepClone(),
                    Path.Combine(folder, file),
                    labels is null ? null : Path.Combine(folder, labels),
                    (detail["parameters"] as JsonArray ?? [])
                        .OfType<JsonObject>()
                        .Select(p => new ParameterEntry(
                            p["name"]?.GetValue<string>() ?? "",
                            p["type"]?.ToString() ?? "string",
                            p["default"]?.DeepClone(),
                            p["env"]?.GetValue<string>()
                        ))
                        .ToArray(),
                    IntOf(resources?["cores"]),
                    IntOf(batching?["maxBatchSize"] ?? resources?["maxBatchSize"]),
                    IntOf(batching?["maxQueueDelayMs"] ?? resources?["maxQueueDelayMs"])
                )
            );
        }
        return models;
    }

    private static int IntOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var d) ? (int)Math.Max(0, Math.Ceiling(d)) : 0;
}

public sealed class ContractException(string message) : Exception(message);
