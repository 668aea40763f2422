using System.Diagnostics;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Serving;

/// <summary>Runs validated inputs through a model (directly or through its batcher) and shapes the outputs.</summary>
public sealed class InferenceRunner(RuntimeMetrics metrics)
{
    public async Task<IReadOnlyList<OutputTensor>> RunAsync(
        ServedModel model,
        IReadOnlyList<KeyValuePair<string, Tensor>> inputs,
        IReadOnlyList<RequestedOutput>? requested,
        CancellationToken cancellationToken = default,
        bool recordOutcome = true,
        bool bypassBatcher = false
    )
    {
        var session = model.Session ?? throw ErrorStatus.NotReady(model);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!seen.Add(input.Key))
                throw InferenceException.BadRequest($"input '{Echo.Of(input.Key)}' is given more than once");
        }
        var missing = session.Inputs.Where(i => !seen.Contains(i.Name)).Select(i => i.Name).ToArray();
        if (missing.Length > 0)
        {
            throw InferenceException.BadRequest($"missing input(s): {string.Join(", ", missing)}");
        }
        if (requested is null || requested.Count == 0)
        {
            requested = session.Outputs.Select(o => new RequestedOutput(o.Name)).ToArray();
        }
        foreach (var output in requested)
        {
            if (!session.Outputs.Any(o => o.Name == output.Name))
            {
                throw InferenceException.BadRequest(
                    $"model '{model.Name}' has no output '{Echo.Of(output.Name)}'; its outputs are: {string.Join(", ", session.Outputs.Select(o => o.Name))}"
                );
            }
            if (output.Classification < 0)
            {
                throw InferenceException.BadRequest(
                    $"classification for output '{Echo.Of(output.Name)}' must be a positive count"
                );
            }
        }
        // Feed ONNX Runtime in the session's input order so batched and direct runs see the same call.
        var ordered = session.Inputs.Select(i => inputs.First(x => x.Key == i.Name)).ToArray();
        var names = requested.Select(r => r.Name).Distinct().ToArray();
        Dictionary<string, Tensor> results;
        var statistics = metrics.For(model.Name).Statistics;
        var runStarted = Stopwatch.GetTimestamp();
        try
        {
            if (model.Batcher is not null && !bypassBatcher)
            {
                var all = await model.Batcher.RunAsync(ordered).WaitAsync(cancellationToken);
                results = session.Outputs.Select((o, i) => (o.Name, all[i])).ToDictionary(p => p.Name, p => p.Item2);
            }
            else
            {
                var started = Stopwatch.GetTimestamp();
                var outputs = session.Run(ordered, names, cancellationToken);
                var elapsed = Stopwatch.GetTimestamp() - started;
                metrics.For(model.Name).InferenceRan(RowsOf(ordered), elapsed / (double)Stopwatch.Frequency);
                statistics.ExecutionRan(1, elapsed);
                statistics.RequestComputed(0, elapsed);
                results = names.Zip(outputs).ToDictionary(p => p.First, p => p.Second);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.For(model.Name).RunCancelled();
            throw;
        }
        catch (OrtException e)
        {
            if (recordOutcome)
                statistics.RequestFailed(Stopwatch.GetTimestamp() - runStarted);
            throw new InferenceException(500, $"ONNX Runtime failed: {e.Message}");
        }
        if (recordOutcome)
            statistics.RequestSucceeded(InferenceCount(model, ordered), Stopwatch.GetTimestamp() - runStarted);
        return requested
            .Select(r =>
            {
                var tensor = results[r.Name];
                return r.Classification > 0
                    ? new OutputTensor(r.Name, "BYTES", Classifier.TopK(tensor, r.Classification, model.Labels))
                    : new OutputTensor(r.Name, OnnxDatatypes.ToOip(tensor.ElementType)!, tensor);
            })
            .ToArray();
    }

    /// <summary>Requests to a batching model count their rows (statistics extension); others count one.</summary>
    public static int InferenceCount(ServedModel model, IReadOnlyList<KeyValuePair<string, Tensor>> inputs) =>
        model.Batcher is null ? 1 : RowsOf(inputs);

    private static int RowsOf(IReadOnlyList<KeyValuePair<string, Tensor>> inputs) =>
        inputs.Count > 0 && inputs[0].Value.Shape.Length > 0 ? (int)inputs[0].Value.Shape[0] : 1;
}
