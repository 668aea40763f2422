using System.Text;
using System.Text.Json;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;

namespace ModelRuntime.Predict;

/// <summary>What one item gave: its prediction as JSON, or the error that stopped it.</summary>
public sealed record PredictResult(PredictItem Item, string? PredictionJson, string? Error);

/// <summary>
/// Runs items through the same pipeline as <c>POST /v1/models/{name}:predict</c> (<see cref="InstanceBinder"/>,
/// <see cref="InferenceRunner"/>, <see cref="PredictionFormatter"/>), a mini-batch at a time. When a batch fails, its
/// items are run one by one so only the bad ones carry the error. The batches are already made here, so they skip the
/// serving batcher (whose queue only adds waiting when there is a single caller).
/// </summary>
public sealed class PredictBatches(ServedModel model, InferenceRunner runner)
{
    public async Task<IReadOnlyList<PredictResult>> RunAsync(IReadOnlyList<PredictItem> items, CancellationToken ct)
    {
        try
        {
            var instances = new Instance[items.Count];
            for (var i = 0; i < items.Count; i++)
                instances[i] = await items[i].Load(ct);
            return await RunInstancesAsync(items, instances, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (items.Count == 1)
                return [new PredictResult(items[0], null, Message(e))];
            var results = new List<PredictResult>(items.Count);
            foreach (var item in items)
                results.AddRange(await RunAsync([item], ct));
            return results;
        }
    }

    private async Task<IReadOnlyList<PredictResult>> RunInstancesAsync(
        IReadOnlyList<PredictItem> items,
        Instance[] instances,
        CancellationToken ct
    )
    {
        var results = new List<PredictResult>(items.Count);
        foreach (var batch in InstanceBinder.Bind(model, instances))
        {
            var outputs = await runner.RunAsync(
                model,
                batch.Inputs,
                null,
                ct,
                recordOutcome: false,
                bypassBatcher: true
            );
            for (var i = 0; i < batch.Count; i++)
                results.Add(new PredictResult(items[results.Count], Prediction(batch, outputs, i), null));
        }
        return results;
    }

    // The same formatter and serializer as the v1 answer, so a line's prediction equals the served one.
    private string Prediction(TypedBatch batch, IReadOnlyList<OutputTensor> outputs, int index)
    {
        var geometry = batch.Geometry.Values.FirstOrDefault() is { } geometries ? geometries[index] : null;
        return Encoding.UTF8.GetString(JsonResponses.Node(PredictionFormatter.Format(model, outputs, index, geometry)));
    }

    private static string Message(Exception e) =>
        e switch
        {
            InferenceException => e.Message,
            IOException or UnauthorizedAccessException => $"cannot read the item: {e.Message}",
            _ => $"{e.GetType().Name}: {e.Message}",
        };
}
