using Microsoft.Extensions.Logging.Abstractions;
using ModelRuntime.Metrics;
using ModelRuntime.Serving;

namespace ModelRuntime.Predict;

/// <summary>
/// <c>Model.Runtime predict ...</c>: runs the contract's model over a dataset and writes one JSON line per item to
/// --output, resuming from what the file already holds. Exit code 0 when every item has a prediction, 1 when any
/// has an error (this run's or an earlier one's), 2 for a command line or a model that cannot run.
/// </summary>
public static class PredictCommand
{
    public const int Ok = 0;
    public const int ItemsFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration configuration,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken ct
    )
    {
        var parsed = PredictArguments.Parse(args);
        if (parsed.Error is not null)
            return Usage(stderr, parsed.Error);
        IReadOnlyList<PredictItem> items;
        try
        {
            items = PredictItems.Enumerate(parsed.Inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, e.Message);
        }
        if (parsed.Contract is not null)
            configuration["MODEL_CONTRACT"] = parsed.Contract;
        var options = new RuntimeOptions(configuration);
        var metrics = new RuntimeMetrics();
        using var repository = new ModelRepository(options, metrics, NullLogger<ModelRepository>.Instance);
        var model = Choose(repository, parsed.Model, out var problem);
        if (model is null)
            return Usage(stderr, problem!);
        var batchSize = parsed.BatchSize ?? Math.Max(1, model.Entry.MaxBatchSize);
        using var output = PredictOutput.Open(parsed.Output);
        var todo = items.Where(i => !output.Done.Contains(i.IdJson)).ToArray();
        stdout.WriteLine(
            $"predict: model '{model.Name}', {items.Count} items, {items.Count - todo.Length} already in {parsed.Output}, batches of {batchSize}"
        );
        var progress = new PredictProgress(
            items.Count,
            items.Count - todo.Length,
            stdout,
            !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)
        );
        var batches = new PredictBatches(model, new InferenceRunner(metrics));
        var failed = 0;
        foreach (var chunk in todo.Chunk(batchSize))
        {
            var results = await batches.RunAsync(chunk, ct);
            foreach (var r in results)
                output.Write(r.Item.IdJson, r.PredictionJson, r.Error);
            output.Flush();
            var bad = results.Count(r => r.Error is not null);
            failed += bad;
            progress.Add(results.Count, bad);
        }
        var total = failed + output.PreviouslyFailed;
        progress.Finish(
            $"predict: {todo.Length} predicted, {failed} failed this run, {total} failed in {parsed.Output}"
        );
        return total == 0 ? Ok : ItemsFailed;
    }

    private static ServedModel? Choose(ModelRepository repository, string? name, out string? problem)
    {
        problem = null;
        if (repository.ContractError is { } error)
        {
            problem = $"the contract cannot be read: {error}";
            return null;
        }
        var models = repository.Models.ToArray();
        var model = name is null ? (models.Length == 1 ? models[0] : null) : repository.Find(name);
        if (model is null)
        {
            problem = name is null
                ? $"the contract serves {models.Length} models; choose one with --model ({string.Join(", ", models.Select(m => m.Name))})"
                : $"the contract has no model '{name}'; it has: {string.Join(", ", models.Select(m => m.Name))}";
            return null;
        }
        if (model.Session is null)
        {
            problem = $"model '{model.Name}' did not load: {model.LoadError}";
            return null;
        }
        return model;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"predict: {message}");
        stderr.WriteLine(PredictArguments.Usage);
        return UsageError;
    }
}
