using System.Text.Json.Nodes;
using ModelRuntime.Serving;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;

namespace ModelRuntime.Predict;

/// <summary>What one item gave: its prediction, or the error that stopped it.</summary>
public sealed record PredictResult(PredictItem Item, JsonNode? Prediction, string? Error);

/// <summary>
/// A mini-batch made ready to run: its items loaded and bound to the model's inputs. <see cref="Results"/> already
/// holds the error of each item that could not be loaded or bound; the others (<see cref="Good"/>, their positions)
/// are in <see cref="Bound"/>.
/// </summary>
public sealed record PreparedBatch(
    IReadOnlyList<PredictItem> Items,
    Instance?[] Instances,
    PredictResult?[] Results,
    int[] Good,
    IReadOnlyList<TypedBatch> Bound
);

/// <summary>
/// Runs items through the same pipeline as <c>POST /v1/models/{name}:predict</c> (<see cref="InstanceBinder"/>,
/// <see cref="InferenceRunner"/>, <see cref="PredictionFormatter"/>), a mini-batch at a time, in two steps so the
/// next batch can be prepared (read, decoded, bound) while this one runs. A bad item gets its error and the rest of
/// its batch still runs together. The batches are already made here, so they skip the serving batcher (whose queue
/// only adds waiting when there is a single caller).
/// </summary>
public sealed class PredictBatches(ServedModel model, InferenceRunner runner)
{
    public async Task<PreparedBatch> PrepareAsync(IReadOnlyList<PredictItem> items, CancellationToken ct)
    {
        var results = new PredictResult?[items.Count];
        var instances = new Instance?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                instances[i] = await items[i].Load(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results[i] = new PredictResult(items[i], null, Message(e));
            }
        }
        var good = Enumerable.Range(0, items.Count).Where(i => instances[i] is not null).ToArray();
        if (!TryBind(good.Select(i => instances[i]!).ToArray(), out var bound, out _))
        {
            // Some do not fit: bind each alone to find which, then the rest together again (or, when only their
            // shapes disagree, one by one).
            var singles = new List<TypedBatch>();
            foreach (var i in good)
            {
                if (TryBind([instances[i]!], out var single, out var error))
                    singles.AddRange(single);
                else
                    results[i] = new PredictResult(items[i], null, error);
            }
            good = good.Where(i => results[i] is null).ToArray();
            if (!TryBind(good.Select(i => instances[i]!).ToArray(), out bound, out _))
                bound = singles;
        }
        return new PreparedBatch(items, instances, results, good, bound);
    }

    public async Task<IReadOnlyList<PredictResult>> RunAsync(PreparedBatch batch, CancellationToken ct)
    {
        var results = batch.Results;
        try
        {
            var at = 0;
            foreach (var bound in batch.Bound)
            {
                var outputs = await runner.RunAsync(
                    model,
                    bound.Inputs,
                    null,
                    ct,
                    recordOutcome: false,
                    bypassBatcher: true
                );
                for (var i = 0; i < bound.Count; i++, at++)
                {
                    var position = batch.Good[at];
                    results[position] = new PredictResult(batch.Items[position], Format(bound, outputs, i), null);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (batch.Good.Length == 1)
                results[batch.Good[0]] = new PredictResult(batch.Items[batch.Good[0]], null, Message(e));
            else
            {
                // The model failed on the batch: run its items one by one so only the bad ones carry the error.
                foreach (var position in batch.Good)
                    results[position] = await RunAloneAsync(batch, position, ct);
            }
        }
        return results.Select(r => r!).ToArray();
    }

    private async Task<PredictResult> RunAloneAsync(PreparedBatch batch, int position, CancellationToken ct)
    {
        if (!TryBind([batch.Instances[position]!], out var bound, out var error))
            return new PredictResult(batch.Items[position], null, error);
        var alone = batch with { Results = new PredictResult?[batch.Items.Count], Good = [position], Bound = bound };
        return (await RunAsync(alone, ct))[position];
    }

    private bool TryBind(Instance[] instances, out IReadOnlyList<TypedBatch> bound, out string? error)
    {
        bound = [];
        error = null;
        if (instances.Length == 0)
            return true;
        try
        {
            bound = InstanceBinder.Bind(model, instances);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = Message(e);
            return false;
        }
    }

    // The same formatter as the v1 answer, so a line's prediction equals the served one.
    private JsonNode Format(TypedBatch batch, IReadOnlyList<OutputTensor> outputs, int index)
    {
        var geometry = batch.Geometry.Values.FirstOrDefault() is { } geometries ? geometries[index] : null;
        return PredictionFormatter.Format(model, outputs, index, geometry);
    }

    private static string Message(Exception e) =>
        e switch
        {
            InferenceException => e.Message,
            IOException or UnauthorizedAccessException => $"cannot read the item: {e.Message}",
            _ => $"{e.GetType().Name}: {e.Message}",
        };
}
