using System.Globalization;
using System.Text.Json.Nodes;
using ModelRuntime.Batching;
using ModelRuntime.Contract;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelSdk.ContractModel;

namespace ModelRuntime.Serving;

/// <summary>Loads every model of the contract once, at start, and keeps the ones that failed with their reason.</summary>
public sealed class ModelRepository : IDisposable
{
    private readonly Dictionary<string, ServedModel> _models = new(StringComparer.Ordinal);

    public ModelRepository(RuntimeOptions options, RuntimeMetrics metrics, ILogger<ModelRepository> logger)
    {
        logger.LogInformation(
            "JPEG inputs decode with {Decoder}",
            ModelRuntime.Typed.ImageDecoder.TurboJpegUnavailable is { } reason ? $"SkiaSharp ({reason})" : "TurboJPEG"
        );
        IReadOnlyList<ModelEntry> entries;
        try
        {
            WaitForContract(options, logger);
            entries = ServingContract.Load(options.ContractPath);
        }
        catch (ContractException e)
        {
            ContractError = e.Message;
            logger.LogError("Contract not loaded: {Reason}", e.Message);
            return;
        }
        foreach (var entry in entries)
        {
            var model = Load(entry, options, metrics, logger);
            _models[entry.Name] = model;
        }
    }

    private static void WaitForContract(RuntimeOptions options, ILogger logger)
    {
        if (File.Exists(options.ContractPath) || options.ContractWait <= TimeSpan.Zero)
            return;
        logger.LogInformation(
            "Waiting up to {Seconds} s for {Contract} (MODEL_CONTRACT_WAIT_SECONDS)",
            (long)options.ContractWait.TotalSeconds,
            options.ContractPath
        );
        var deadline = DateTime.UtcNow + options.ContractWait;
        while (!File.Exists(options.ContractPath) && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
    }

    /// <summary>Why contract.json itself could not be read; null when it was.</summary>
    public string? ContractError { get; }

    public IEnumerable<ServedModel> Models => _models.Values;

    public bool AllReady => ContractError is null && _models.Values.All(m => m.IsReady);

    /// <summary>
    /// The model of that name: an exact match first, else the one model whose name differs only in case
    /// (none when several do, so a lookup is never a guess).
    /// </summary>
    public ServedModel? Find(string name)
    {
        if (_models.TryGetValue(name, out var exact))
            return exact;
        ServedModel? found = null;
        foreach (var (key, model) in _models)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                continue;
            if (found is not null)
                return null;
            found = model;
        }
        return found;
    }

    private static ServedModel Load(ModelEntry entry, RuntimeOptions options, RuntimeMetrics metrics, ILogger logger)
    {
        var parameters = ResolveParameters(entry, options);
        InferenceSession? session = null;
        try
        {
            var cores = entry.Cores > 0 ? entry.Cores : 0;
            session = new InferenceSession(
                entry.ModelPath,
                new SessionSettings(cores, 1, options.OptimizationLevel, options.OrtSpinning, options.OrtArena)
            );
            var labels = entry.LabelsPath is null ? [] : File.ReadAllLines(entry.LabelsPath);
            var batcher = Batcher.CanBatch(session, entry.MaxBatchSize)
                ? new Batcher(entry.Name, session, entry.MaxBatchSize, entry.MaxQueueDelayMs, metrics)
                : null;
            logger.LogInformation(
                "Model {Model} loaded from {File}; batching {Batching}",
                entry.Name,
                entry.ModelPath,
                batcher is null ? "off" : $"up to {entry.MaxBatchSize} rows, {entry.MaxQueueDelayMs} ms"
            );
            return new ServedModel(entry, session, null, labels, parameters, batcher);
        }
        catch (Exception e) when (e is OrtException or IOException or UnauthorizedAccessException)
        {
            session?.Dispose();
            logger.LogError(
                "Model {Model} failed to load from {File}: {Reason}",
                entry.Name,
                entry.ModelPath,
                e.Message
            );
            return new ServedModel(entry, null, e.Message, [], parameters, null);
        }
    }

    private static JsonObject ResolveParameters(ModelEntry entry, RuntimeOptions options)
    {
        var result = new JsonObject();
        foreach (var parameter in entry.Parameters)
        {
            var text = parameter.Env is null ? null : options.Setting(parameter.Env);
            result[parameter.Name] = text is null ? parameter.Default?.DeepClone() : Typed(parameter.Type, text);
        }
        return result;
    }

    private static JsonNode? Typed(ParameterType type, string text) =>
        type switch
        {
            ParameterType.Int when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) =>
                l,
            ParameterType.Float
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            ParameterType.Bool when bool.TryParse(text, out var b) => b,
            _ => text,
        };

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }
}
