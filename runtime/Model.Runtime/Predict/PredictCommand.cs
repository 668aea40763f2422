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
        PredictItems items;
        try
        {
            items = PredictItems.Enumerate(parsed.Inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, e.Message);
        }
        using (items)
            return await RunAsync(parsed, items, configuration, stdout, stderr, ct);
    }

    private static async Task<int> RunAsync(
        PredictArguments parsed,
        PredictItems items,
        IConfiguration configuration,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken ct
    )
    {
        if (parsed.Contract is not null)
            configuration["MODEL_CONTRACT"] = parsed.Contract;
        // Between runs this process reads and writes on the same cores: ONNX Runtime's threads sleep, not spin. Every
        // batch has the same size, so ONNX Runtime's arena serves each run from the memory of the one before.
        configuration["MODEL_ORT_SPINNING"] ??= "false";
        configuration["MODEL_ORT_ARENA"] ??= "true";
        var options = new RuntimeOptions(configuration);
        var metrics = new RuntimeMetrics();
        using var repository = new ModelRepository(options, metrics, NullLogger<ModelRepository>.Instance);
        var model = Choose(repository, parsed.Model, out var problem);
        if (model is null)
            return Usage(stderr, problem!);
        var batchSize = parsed.BatchSize ?? Math.Max(1, model.Entry.MaxBatchSize);
        using var output = PredictOutput.Open(parsed.Output);
        var skipped = items.Items.Count(i => output.Done.Contains(i.IdJson));
        stdout.WriteLine(
            $"predict: model '{model.Name}', {items.Count} items, {skipped} already in {parsed.Output}, batches of {batchSize}"
        );
        var progress = new PredictProgress(
            items.Count,
            skipped,
            stdout,
            !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)
        );
        var todo = items.Items.Where(i => !output.Done.Contains(i.IdJson)).Chunk(batchSize);
        var failed = await RunBatchesAsync(
            new PredictBatches(model, new InferenceRunner(metrics)),
            todo,
            output,
            progress,
            ct
        );
        var total = failed + output.PreviouslyFailed;
        progress.Finish(
            $"predict: {items.Count - skipped} predicted, {failed} failed this run, {total} failed in {parsed.Output}"
        );
        return total == 0 ? Ok : ItemsFailed;
    }

    // Three batches in flight: the next is read, decoded and bound, and the last one formatted and written, on other
    // threads while this one runs, so the model runs back to back as in a program that only runs the model.
    private static async Task<int> RunBatchesAsync(
        PredictBatches batches,
        IEnumerable<PredictItem[]> todo,
        PredictOutput output,
        PredictProgress progress,
        CancellationToken ct
    )
    {
        var failed = 0;
        using var chunks = todo.GetEnumerator();
        Task<PreparedBatch>? Next() =>
            chunks.MoveNext() ? Task.Run(() => batches.PrepareAsync(chunks.Current, ct), ct) : null;
        var next = Next();
        Task<int> writing = Task.FromResult(0);
        try
        {
            while (next is not null)
            {
                var prepared = await next;
                next = Next();
                var ran = await batches.RunAsync(prepared, ct);
                failed += await writing;
                writing = Task.Run(() => Write(batches.Results(ran), output, progress), CancellationToken.None);
            }
            return failed + await writing;
        }
        finally
        {
            // A cancelled run still writes the batch it has run, whole, and stops reading, before the files close.
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
            if (next is not null)
                await next.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static int Write(IReadOnlyList<PredictResult> results, PredictOutput output, PredictProgress progress)
    {
        foreach (var r in results)
            output.Write(r.Item.IdJson, r.Prediction, r.Error);
        output.Flush();
        var bad = results.Count(r => r.Error is not null);
        progress.Add(results.Count, bad);
        return bad;
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
