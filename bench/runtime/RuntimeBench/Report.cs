using System.Globalization;
using System.Text;

namespace RuntimeBench;

/// <summary>One run's wall-clock window and the load average (1, 5, 15 min) read from /proc/loadavg around it.</summary>
internal sealed record RunWindow(int Run, DateTime Start, DateTime End, string LoadBefore, string LoadAfter);

/// <summary>The markdown report: per cell the median of the runs with min–max, start-to-ready, sizes, load.</summary>
internal static class Report
{
    public static string Write(
        BenchOptions options,
        IReadOnlyList<Sample> samples,
        IReadOnlyDictionary<string, List<double>> starts,
        IReadOnlyList<RunWindow> windows
    )
    {
        var text = new StringBuilder();
        text.AppendLine(
            $"{options.Runs} runs of the whole table; each cell {options.Warmup.TotalSeconds:0.#} s warm-up then "
                + $"{options.Duration.TotalSeconds:0.#} s measured; {Environment.ProcessorCount} cores, loopback, load generator on the same machine. "
                + "Each cell: median of the runs (min–max). Batching on = maxBatchSize 32, maxQueueDelayMs 2."
        );
        text.AppendLine();
        text.AppendLine("| run | start (UTC) | end (UTC) | load average before | load average after |");
        text.AppendLine("|---:|---|---|---|---|");
        foreach (var w in windows)
            text.AppendLine($"| {w.Run} | {w.Start:HH:mm:ss} | {w.End:HH:mm:ss} | {w.LoadBefore} | {w.LoadAfter} |");
        text.AppendLine();
        SteadyState(text, samples);
        StartToReady(text, starts);
        Sizes(text, options);
        return text.ToString();
    }

    private static void SteadyState(StringBuilder text, IReadOnlyList<Sample> samples)
    {
        text.AppendLine(
            "| model | c | target | protocol | batching | p50 ms | p99 ms | req/s | req/s ÷ node | errors |"
        );
        text.AppendLine("|---|---:|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => s.Cell))
        {
            var cell = group.Key;
            var results = group.Select(s => s.Result).OfType<LoadResult>().ToArray();
            if (results.Length == 0)
            {
                text.AppendLine(
                    $"| {cell.Model} | {cell.Concurrency} | {cell.Target} | {cell.Protocol} | {cell.Batching} | n/a | n/a | n/a | n/a | |"
                );
                continue;
            }
            var node = Median(NodeThroughput(samples, cell));
            var ratio =
                node > 0 && cell.Target is not (Bench.Node or Bench.Floor)
                    ? $"{Median(results.Select(r => r.Throughput)) / node:F2}×"
                    : "";
            text.AppendLine(
                $"| {cell.Model} | {cell.Concurrency} | {cell.Target} | {cell.Protocol} | {cell.Batching} | "
                    + $"{Spread(results.Select(r => r.P50Ms), "F3")} | {Spread(results.Select(r => r.P99Ms), "F3")} | "
                    + $"{Spread(results.Select(r => r.Throughput), "F0")} | {ratio} | {results.Sum(r => r.Errors)} |"
            );
        }
        text.AppendLine();
        AgainstNode(text, samples);
        text.AppendLine("p50 overhead over in-process ONNX Runtime at concurrency 1 (difference of the medians):");
        text.AppendLine();
        foreach (var group in samples.Where(s => s.Cell.Concurrency == 1 && s.Result is not null).GroupBy(s => s.Cell))
        {
            var floor = samples.Where(s =>
                s.Cell is { Target: Bench.Floor, Concurrency: 1 } && s.Cell.Model == group.Key.Model
            );
            if (group.Key.Target == Bench.Floor)
                continue;
            var overhead = Median(group.Select(s => s.Result!.P50Ms)) - Median(floor.Select(s => s.Result!.P50Ms));
            text.AppendLine(
                $"- {group.Key.Model}, {group.Key.Target}, {group.Key.Protocol}, batching {group.Key.Batching}: +{overhead:F3} ms"
            );
        }
        text.AppendLine();
    }

    // The goal "beat the node peer in every cell": median req/s higher and median p50 and p99 lower, per runtime cell.
    private static void AgainstNode(StringBuilder text, IReadOnlyList<Sample> samples)
    {
        var medians = samples
            .Where(s => s.Result is not null)
            .GroupBy(s => s.Cell)
            .ToDictionary(
                g => g.Key,
                g =>
                    (
                        P50: Median(g.Select(s => s.Result!.P50Ms)),
                        P99: Median(g.Select(s => s.Result!.P99Ms)),
                        Rps: Median(g.Select(s => s.Result!.Throughput))
                    )
            );
        foreach (
            var target in medians.Keys.Select(c => c.Target).Distinct().Where(t => t is not (Bench.Node or Bench.Floor))
        )
        {
            var lost = new List<string>();
            var count = 0;
            foreach (var (cell, m) in medians.Where(kv => kv.Key.Target == target))
            {
                var node = medians.FirstOrDefault(kv =>
                    kv.Key is { Target: Bench.Node }
                    && kv.Key.Model == cell.Model
                    && kv.Key.Concurrency == cell.Concurrency
                );
                if (node.Key is null)
                    continue;
                count++;
                var worse = new[]
                {
                    m.Rps <= node.Value.Rps ? "req/s" : null,
                    m.P50 >= node.Value.P50 ? "p50" : null,
                    m.P99 >= node.Value.P99 ? "p99" : null,
                }
                    .OfType<string>()
                    .ToArray();
                if (worse.Length > 0)
                    lost.Add(
                        $"{cell.Model} c={cell.Concurrency} {cell.Protocol} batching {cell.Batching} ({string.Join(", ", worse)})"
                    );
            }
            text.AppendLine(
                $"{target} against the node peer: better in req/s, p50 and p99 in {count - lost.Count} of {count} cells"
                    + (lost.Count > 0 ? $"; not in: {string.Join("; ", lost)}." : ".")
            );
            text.AppendLine();
        }
    }

    private static IEnumerable<double> NodeThroughput(IReadOnlyList<Sample> samples, Cell cell) =>
        samples
            .Where(s =>
                s.Cell.Target == Bench.Node && s.Cell.Model == cell.Model && s.Cell.Concurrency == cell.Concurrency
            )
            .Select(s => s.Result!.Throughput);

    private static void StartToReady(StringBuilder text, IReadOnlyDictionary<string, List<double>> starts)
    {
        if (starts.Count == 0)
            return;
        text.AppendLine(
            "Start to ready (process start to the first 200 from /v2/health/ready; the small model alone):"
        );
        text.AppendLine();
        text.AppendLine("| target | starts | median ms | min–max ms |");
        text.AppendLine("|---|---:|---:|---|");
        foreach (var (label, times) in starts)
            text.AppendLine($"| {label} | {times.Count} | {Median(times):F0} | {times.Min():F0}–{times.Max():F0} |");
        text.AppendLine();
    }

    private static void Sizes(StringBuilder text, BenchOptions options)
    {
        text.AppendLine("| published runtime | total MiB | libonnxruntime MiB | without it MiB |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (label, dir) in options.Runtimes)
        {
            var total = Directory
                .EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Sum(f => new FileInfo(f).Length);
            var ort = Directory.EnumerateFiles(dir, "libonnxruntime.so*").Sum(f => new FileInfo(f).Length);
            text.AppendLine($"| {label} | {Mib(total)} | {Mib(ort)} | {Mib(total - ort)} |");
        }
        text.AppendLine();
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Spread(IEnumerable<double> values, string format)
    {
        var list = values.ToArray();
        var f = CultureInfo.InvariantCulture;
        return list.Length == 1
            ? list[0].ToString(format, f)
            : $"{Median(list).ToString(format, f)} ({list.Min().ToString(format, f)}–{list.Max().ToString(format, f)})";
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
