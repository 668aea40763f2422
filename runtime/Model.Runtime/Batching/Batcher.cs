using System.Diagnostics;
using System.Threading.Channels;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Batching;

/// <summary>
/// Coalesces concurrent requests for one model into a single ONNX Runtime call along the first axis, up to
/// a row limit and a queue delay, then splits the outputs back per request.
/// </summary>
public sealed class Batcher : IDisposable
{
    private readonly string _model;
    private readonly InferenceSession _session;
    private readonly int _maxRows;
    private readonly TimeSpan _delay;
    private readonly RuntimeMetrics.ModelMetrics _metrics;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true }
    );
    private readonly string[] _outputNames;
    private readonly Task _worker;
    private Pending? _carried;
    private int _inFlight;

    public Batcher(string model, InferenceSession session, int maxRows, int maxQueueDelayMs, RuntimeMetrics metrics)
    {
        _model = model;
        _session = session;
        _maxRows = maxRows;
        _delay = TimeSpan.FromMilliseconds(Math.Max(0, maxQueueDelayMs));
        _metrics = metrics.For(model);
        _outputNames = session.Outputs.Select(o => o.Name).ToArray();
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Batching applies when every input and output is a tensor whose first axis is dynamic.</summary>
    public static bool CanBatch(InferenceSession session, int maxBatchSize) =>
        maxBatchSize > 1
        && session.Inputs.Count > 0
        && session
            .Inputs.Concat(session.Outputs)
            .All(i => i.IsTensor && i.Dimensions.Length > 0 && i.Dimensions[0] < 0);

    /// <summary>Runs inputs (in session input order) and returns every output, in session output order.</summary>
    public Task<Tensor[]> RunAsync(IReadOnlyList<KeyValuePair<string, Tensor>> inputs)
    {
        var pending = new Pending(inputs);
        Interlocked.Increment(ref _inFlight);
        pending.Done.Task.ContinueWith(
            _ => Interlocked.Decrement(ref _inFlight),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default
        );
        _metrics.Enqueued();
        if (!_queue.Writer.TryWrite(pending))
        {
            _metrics.Dequeued();
            throw new ObjectDisposedException(nameof(Batcher));
        }
        return pending.Done.Task;
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        while (true)
        {
            var first = _carried;
            _carried = null;
            if (first is null)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                    return;
                if (!reader.TryRead(out first))
                    continue;
            }
            var batch = new List<Pending> { first };
            var rows = first.Rows;
            if (rows < _maxRows)
            {
                using var window = new CancellationTokenSource(_delay);
                // Stop waiting once the batch holds every request in flight: only new arrivals could join.
                while (rows < _maxRows && batch.Count < Volatile.Read(ref _inFlight))
                {
                    if (reader.TryRead(out var next))
                    {
                        if (next.Signature == first.Signature && rows + next.Rows <= _maxRows)
                        {
                            batch.Add(next);
                            rows += next.Rows;
                            continue;
                        }
                        _carried = next;
                        break;
                    }
                    try
                    {
                        if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                            break;
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
            foreach (var _ in batch)
                _metrics.Dequeued();
            Execute(batch, rows);
        }
    }

    private void Execute(List<Pending> batch, int rows)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var inputs = batch.Count == 1 ? batch[0].Inputs : Concatenate(batch, rows);
            var outputs = _session.Run(inputs, _outputNames);
            var elapsed = Stopwatch.GetTimestamp() - started;
            _metrics.InferenceRan(rows, Stopwatch.GetElapsedTime(started, started + elapsed).TotalSeconds);
            if (batch.Count == 1)
            {
                Computed(batch, rows, started, elapsed);
                batch[0].Done.TrySetResult(outputs);
                return;
            }
            if (outputs.Any(o => o.Shape.Length == 0 || o.Shape[0] != rows))
            {
                // The model's outputs do not follow the batch axis after all: answer each request on its own.
                foreach (var p in batch)
                    Execute([p], p.Rows);
                return;
            }
            Computed(batch, rows, started, elapsed);
            var offset = 0;
            foreach (var p in batch)
            {
                p.Done.TrySetResult(outputs.Select(o => Slice(o, offset, p.Rows, rows)).ToArray());
                offset += p.Rows;
            }
        }
        catch (Exception e)
        {
            foreach (var p in batch)
                p.Done.TrySetException(e);
        }
    }

    private void Computed(List<Pending> batch, int rows, long started, long elapsed)
    {
        _metrics.Statistics.ExecutionRan(rows, elapsed);
        foreach (var p in batch)
            _metrics.Statistics.RequestComputed(started - p.EnqueuedAt, elapsed);
    }

    private static KeyValuePair<string, Tensor>[] Concatenate(List<Pending> batch, int rows)
    {
        var first = batch[0].Inputs;
        var result = new KeyValuePair<string, Tensor>[first.Count];
        for (var i = 0; i < first.Count; i++)
        {
            var template = first[i].Value;
            long[] shape = [rows, .. template.Shape[1..]];
            if (template.ElementType == OnnxElementType.String)
            {
                result[i] = new(
                    first[i].Key,
                    Tensor.FromStrings(shape, batch.SelectMany(p => p.Inputs[i].Value.Strings!).ToArray())
                );
                continue;
            }
            var bytes = new byte[batch.Sum(p => p.Inputs[i].Value.Data.Length)];
            var offset = 0;
            foreach (var p in batch)
            {
                var data = p.Inputs[i].Value.Data;
                data.CopyTo(bytes, offset);
                offset += data.Length;
            }
            result[i] = new(first[i].Key, Tensor.FromBytes(template.ElementType, shape, bytes));
        }
        return result;
    }

    private static Tensor Slice(Tensor tensor, int startRow, int count, int totalRows)
    {
        long[] shape = [count, .. tensor.Shape[1..]];
        if (tensor.ElementType == OnnxElementType.String)
        {
            var perRow = tensor.Strings!.Length / Math.Max(1, totalRows);
            return Tensor.FromStrings(shape, tensor.Strings.AsSpan(startRow * perRow, count * perRow).ToArray());
        }
        var rowBytes = tensor.Data.Length / Math.Max(1, totalRows);
        return Tensor.FromBytes(
            tensor.ElementType,
            shape,
            tensor.Data.AsSpan(startRow * rowBytes, count * rowBytes).ToArray()
        );
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(30));
    }

    private sealed class Pending
    {
        public Pending(IReadOnlyList<KeyValuePair<string, Tensor>> inputs)
        {
            Inputs = inputs;
            Rows = (int)inputs[0].Value.Shape[0];
            // Requests batch together only when everything but the first axis matches.
            var uniform = inputs.All(i => i.Value.Shape[0] == Rows);
            Signature = uniform
                ? string.Join(
                    ";",
                    inputs.Select(i => $"{(int)i.Value.ElementType}:{string.Join(",", i.Value.Shape[1..])}")
                )
                : Guid.NewGuid().ToString(); // Inputs disagree on the first axis: never merged with others.
        }

        public IReadOnlyList<KeyValuePair<string, Tensor>> Inputs { get; }
        public int Rows { get; }
        public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();
        public string Signature { get; }
        public TaskCompletionSource<Tensor[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
