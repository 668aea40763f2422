using System.Text.Json;
using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

namespace ModelRuntime.Contract;

/// <summary>What the server needs from one model of contract.json.</summary>
/// <param name="Metadata">The models[] entry, served as-is as the model's metadata.</param>
/// <param name="Details">The modelDetails[] entry (purpose, preprocessing, ...); null for entries built in code.</param>
/// <param name="Folder">The model folder, which the paths in <paramref name="Details"/> are relative to.</param>
public sealed record ModelEntry(
    string Name,
    IReadOnlyList<string> Versions,
    JsonObject Metadata,
    string ModelPath,
    string? LabelsPath,
    IReadOnlyList<ParameterEntry> Parameters,
    int Cores,
    int MaxBatchSize,
    int MaxQueueDelayMs,
    ModelDetails? Details = null,
    string? Folder = null
)
{
    /// <summary>modelDetails[].preprocessing: how an image becomes the input (typed inputs).</summary>
    public PreprocessingDetails? Preprocessing => Details?.Preprocessing;

    /// <summary>Record column names per input name (modelDetails[].inputs[].features).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Features { get; } = FeaturesOf(Details);

    private static Dictionary<string, IReadOnlyList<string>> FeaturesOf(ModelDetails? details) =>
        (details?.Inputs ?? [])
            .Where(i => i.Features is { Count: > 0 })
            .GroupBy(i => i.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Features!, StringComparer.Ordinal);
}

/// <summary>A ModelParameter: its value comes from environment variable <see cref="Env"/>, else <see cref="Default"/>.</summary>
/// <param name="Type">Unknown type names read as <see cref="ParameterType.String"/>: the value is passed as text.</param>
public sealed record ParameterEntry(string Name, ParameterType Type, JsonNode? Default, string? Env);

/// <summary>
/// Reads contract.json through the shared schema (Model.Sdk.ContractModel): unknown keys are ignored so newer
/// writers of the same schema version stay readable; a newer schema version is refused.
/// </summary>
public static class ServingContract
{
    public static IReadOnlyList<ModelEntry> Load(string path)
    {
        ContractDocument document;
        try
        {
            document = ContractJson.Read(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContractException($"cannot read {path}: {e.Message}");
        }
        catch (ContractFormatException e)
        {
            throw new ContractException($"{path}: {e.Message}");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var details = new Dictionary<string, ModelDetails>(StringComparer.Ordinal);
        foreach (var detail in document.ModelDetails)
        {
            details.TryAdd(detail.Name, detail);
        }
        return document.Models.Select(m => Entry(m, details, folder, path)).ToArray();
    }

    private static ModelEntry Entry(
        ModelMetadata model,
        IReadOnlyDictionary<string, ModelDetails> details,
        string folder,
        string path
    )
    {
        if (string.IsNullOrEmpty(model.Name))
        {
            throw new ContractException($"{path}: a model has no name.");
        }
        if (!details.TryGetValue(model.Name, out var detail) || string.IsNullOrEmpty(detail.File))
        {
            throw new ContractException($"{path}: modelDetails has no file for model '{model.Name}'.");
        }
        var labels = detail.Labels?.File;
        return new ModelEntry(
            model.Name,
            model.Versions,
            ContractJson.ToJsonObject(model),
            Path.Combine(folder, detail.File),
            string.IsNullOrEmpty(labels) ? null : Path.Combine(folder, labels),
            detail.Parameters.Select(Parameter).ToArray(),
            Count(detail.Resources?.Cores),
            Count(detail.Batching?.MaxBatchSize ?? Legacy(detail.Resources, "maxBatchSize")),
            Count(detail.Batching?.MaxQueueDelayMs ?? Legacy(detail.Resources, "maxQueueDelayMs")),
            detail,
            folder
        );
    }

    private static ParameterEntry Parameter(ParameterDetails p) =>
        new(
            p.Name,
            ParameterTypes.TryRead(p.Type, out var type) ? type : ParameterTypes.Default,
            p.Default?.DeepClone(),
            p.Env
        );

    // Early hand-written contracts kept the batching hints under resources.
    private static double? Legacy(ResourceDetails? resources, string key) =>
        resources?.Extra?.GetValueOrDefault(key) is { ValueKind: JsonValueKind.Number } value
            ? value.GetDouble()
            : null;

    private static int Count(double? value) =>
        value is { } d ? (int)Math.Min(int.MaxValue, Math.Max(0, Math.Ceiling(d))) : 0;
}

public sealed class ContractException(string message) : Exception(message);
