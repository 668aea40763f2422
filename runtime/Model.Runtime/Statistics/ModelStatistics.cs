using System.Collections.Concurrent;
using System.Text.Json;

namespace ModelRuntime.Statistics;

/// <summary>
/// One model's statistics since start, with the statistics extension's meaning: requests (success, fail, queue,
/// compute_input/infer/output, inference_count in rows) and model executions (execution_count, batch_stats per
/// batch size; with batching one execution serves several requests). Lock-free: Interlocked counters only.
/// </summary>
public sealed class ModelStatistics
{
    private readonly ConcurrentDictionary<int, DurationStat> _batches = new();
    private long _inferenceCount;
    private long _executionCount;
    private long _lastInferenceMs;

    public DurationStat Success { get; } = new();
    public DurationStat Fail { get; } = new();
    public DurationStat Queue { get; } = new();
    public DurationStat ComputeInput { get; } = new();
    public DurationStat ComputeInfer { get; } = new();
    public DurationStat ComputeOutput { get; } = new();

    public long InferenceCount => Interlocked.Read(ref _inferenceCount);
    public long ExecutionCount => Interlocked.Read(ref _executionCount);

    /// <summary>One run of the model over <paramref name="rows"/> rows (one or several requests).</summary>
    public void ExecutionRan(int rows, long inferTicks)
    {
        Interlocked.Increment(ref _executionCount);
        _batches.GetOrAdd(rows, _ => new DurationStat()).AddTicks(inferTicks);
    }

    /// <summary>One request's wait for its execution and the execution's duration.</summary>
    public void RequestComputed(long queueTicks, long inferTicks)
    {
        Queue.AddTicks(queueTicks);
        ComputeInfer.AddTicks(inferTicks);
    }

    public void RequestSucceeded(int rows, long totalTicks)
    {
        Interlocked.Add(ref _inferenceCount, rows);
        Success.AddTicks(totalTicks);
        Interlocked.Exchange(ref _lastInferenceMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    public void RequestFailed(long totalTicks)
    {
        Fail.AddTicks(totalTicks);
        Interlocked.Exchange(ref _lastInferenceMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    public void Write(Utf8JsonWriter writer, string name, string version)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("version", version);
        writer.WriteNumber("last_inference", Interlocked.Read(ref _lastInferenceMs));
        writer.WriteNumber("inference_count", InferenceCount);
        writer.WriteNumber("execution_count", ExecutionCount);
        writer.WriteStartObject("inference_stats");
        Success.Write(writer, "success");
        Fail.Write(writer, "fail");
        Queue.Write(writer, "queue");
        ComputeInput.Write(writer, "compute_input");
        ComputeInfer.Write(writer, "compute_infer");
        ComputeOutput.Write(writer, "compute_output");
        new DurationStat().Write(writer, "cache_hit");
        new DurationStat().Write(writer, "cache_miss");
        writer.WriteEndObject();
        writer.WriteStartArray("batch_stats");
        foreach (var (size, infer) in _batches.OrderBy(b => b.Key))
        {
            writer.WriteStartObject();
            writer.WriteNumber("batch_size", size);
            // Input preparation and output extraction happen per request, outside the execution.
            new DurationStat().Write(writer, "compute_input");
            infer.Write(writer, "compute_infer");
            new DurationStat().Write(writer, "compute_output");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
