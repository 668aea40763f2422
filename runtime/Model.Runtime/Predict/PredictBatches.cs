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

/// <summary>One run of the model: the inputs it got, its outputs, and the positions in the batch of its instances.</summary>
public sealed record ModelRun(TypedBatch Bound, IReadOnlyList<OutputTensor> Outputs, int[] Positions);

/// <summary>A prepared batch and the runs of the model over it (its items' predictions are not formatted yet).</summary>
public sealed record RanBatch(PreparedBatch Prepared, IReadOnlyList<ModelRun> Runs);

/// <summary>
/// Runs items through the same pipeline as <c>POST /v1/models/{name}:predict</c> (<see cref="InstanceBinder"/>,
/// <see cref="InferenceRunner"/>, <see cref="PredictionFormatter"/>), a mini-batch at a time, in three steps (prepare,
/// run, results) so the next batch can be read, decoded and bound and the last one formatted while this one runs. A bad item gets its error and the rest of
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

    /// <summary>Runs the model on a prepared batch; when the model fails on it, on each of its items alone.</summary>
    public async Task<RanBatch> RunAsync(PreparedBatch batch, CancellationToken ct)
    {
        var runs = new List<ModelRun>();
        try
        {
            var at = 0;
            foreach (var bound in batch.Bound)
            {
                runs.Add(new ModelRun(bound, await RunModelAsync(bound, ct), batch.Good[at..(at + bound.Count)]));
                bound.ReleaseImages();
                at += bound.Count;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            runs.Clear();
            if (batch.Good.Length == 1)
                batch.Results[batch.Good[0]] = new PredictResult(batch.Items[batch.Good[0]], null, Message(e));
            else
            {
                // Only the bad ones should carry the error.
                foreach (var position in batch.Good)
                    await RunAloneAsync(batch, position, runs, ct);
            }
        }
        return new RanBatch(batch, runs);
    }

    /// <summary>Every item's result, in the batch's order: its typed prediction, or its error.</summary>
    public IReadOnlyList<PredictResult> Results(RanBatch ran)
    {
        var (batch, runs) = ran;
        foreach (var run in runs)
        {
            for (var i = 0; i < run.Bound.Count; i++)
            {
                var position = run.Positions[i];
                try
                {
                    var prediction = Format(run.Bound, run.Outputs, i);
                    batch.Results[position] = new PredictResult(batch.Items[position], prediction, null);
                }
                catch (InferenceException e)
                {
                    batch.Results[position] = new PredictResult(batch.Items[position], null, e.Message);
                }
            }
        }
        return batch.Results.Select(r => r!).ToArray();
    }

    private async Task RunAloneAsync(PreparedBatch batch, int position, List<ModelRun> runs, CancellationToken ct)
    {
        try
        {
            if (!TryBind([batch.Instances[position]!], out var bound, out var error))
                batch.Results[position] = new PredictResult(batch.Items[position], null, error);
            else
            {
                foreach (var alone in bound)
                    runs.Add(new ModelRun(alone, await RunModelAsync(alone, ct), [position]));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            batch.Results[position] = new PredictResult(batch.Items[position], null, Message(e));
        }
    }

    private Task<IReadOnlyList<OutputTensor>> RunModelAsync(TypedBatch bound, CancellationToken ct) =>
        runner.RunAsync(model, bound.Inputs, null, ct, recordOutcome: false, bypassBatcher: true);

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
