using System.Diagnostics;

namespace RuntimeBench;

/// <summary>One cell's measurement: latency percentiles of the calls made in the measured window, and throughput.</summary>
internal sealed record LoadResult(int Requests, int Errors, double P50Ms, double P99Ms, double Throughput);

/// <summary>
/// Runs calls at a fixed concurrency for a fixed time: a warm-up window (JIT, connections, thread pool, ONNX Runtime
/// arenas, batcher) whose calls are discarded, then a measured window. Each worker makes one call at a time.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        Func<Task<bool>> call
    )
    {
        await WindowAsync(concurrency, warmup, call);
        var clock = Stopwatch.StartNew();
        var (latencies, errors) = await WindowAsync(concurrency, duration, call);
        // Elapsed includes the calls still in flight at the deadline, which are counted too.
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(
            latencies.Length,
            errors,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length / elapsed
        );
    }

    private static async Task<(double[] Latencies, int Errors)> WindowAsync(
        int concurrency,
        TimeSpan length,
        Func<Task<bool>> call
    )
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var workers = Enumerable
            .Range(0, concurrency)
            .Select(_ =>
                Task.Run(async () =>
                {
                    var latencies = new List<double>(4096);
                    long started;
                    while ((started = Stopwatch.GetTimestamp()) < deadline)
                    {
                        bool ok;
                        try
                        {
                            ok = await call();
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                        {
                            ok = false;
                        }
                        if (!ok)
                            Interlocked.Increment(ref errors);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    return latencies;
                })
            )
            .ToArray();
        var all = await Task.WhenAll(workers);
        return (all.SelectMany(l => l).ToArray(), errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
