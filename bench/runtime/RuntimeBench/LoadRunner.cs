using System.Diagnostics;

namespace RuntimeBench;

internal sealed record LoadResult(
    string Target,
    string Model,
    string Protocol,
    string Batching,
    int Concurrency,
    int Requests,
    int Errors,
    double P50Ms,
    double P99Ms,
    double Throughput
);

/// <summary>Runs a bounded number of calls at a fixed concurrency and reports latency percentiles and throughput.</summary>
internal static class LoadRunner
{
    public static async Task<(double P50, double P99, double Throughput, int Errors)> RunAsync(
        int concurrency,
        int requests,
        Func<Task<bool>> call
    )
    {
        for (var i = 0; i < Math.Min(50, requests); i++)
            await call(); // warm-up: JIT, connections, ONNX Runtime arenas
        var latencies = new double[requests];
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable
            .Range(0, concurrency)
            .Select(_ =>
                Task.Run(async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < requests)
                    {
                        var started = Stopwatch.GetTimestamp();
                        if (!await call())
                            Interlocked.Increment(ref errors);
                        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                })
            )
            .ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99), requests / elapsed, errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
