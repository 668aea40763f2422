using System.Globalization;

namespace RuntimeBench;

/// <summary>
/// Command line: RuntimeBench --runtime LABEL=DIR [--runtime LABEL=DIR ...] [--node SCRIPT] [--warmup SECONDS]
/// [--duration SECONDS] [--runs N] [--starts N] [--concurrency 1,8,32] [--models small,medium] [--out FILE.md]
/// DIR is a published runtime folder (Model.Runtime and libonnxruntime.so* inside); SCRIPT is node-server.mjs
/// in a folder whose node_modules holds onnxruntime-node.
/// </summary>
internal sealed record BenchOptions(
    IReadOnlyList<(string Label, string Dir)> Runtimes,
    string? NodeScript,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Runs,
    int Starts,
    IReadOnlyList<int> Concurrencies,
    IReadOnlyList<string> Models,
    string? Output
)
{
    public static BenchOptions Parse(string[] args)
    {
        var runtimes = new List<(string, string)>();
        var options = new BenchOptions(
            runtimes,
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(5),
            3,
            10,
            [1, 8, 32],
            ["small", "medium"],
            null
        );
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            i++;
            options = args[i - 1] switch
            {
                "--runtime" => AddRuntime(options, runtimes, value),
                "--node" => options with { NodeScript = Path.GetFullPath(value) },
                "--warmup" => options with { Warmup = Seconds(value) },
                "--duration" => options with { Duration = Seconds(value) },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--starts" => options with { Starts = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrencies = value.Split(',').Select(int.Parse).ToArray() },
                "--models" => options with { Models = value.Split(',') },
                "--out" => options with { Output = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }
        if (runtimes.Count == 0)
            throw new ArgumentException("give at least one --runtime LABEL=DIR");
        if (options.Duration < TimeSpan.FromSeconds(0.1) || options.Runs < 1)
            throw new ArgumentException("--duration must be at least 0.1 s and --runs at least 1");
        return options;
    }

    private static BenchOptions AddRuntime(BenchOptions options, List<(string, string)> runtimes, string value)
    {
        var split = value.Split('=', 2);
        if (split.Length != 2 || !File.Exists(Path.Combine(split[1], "Model.Runtime")))
            throw new ArgumentException($"--runtime {value}: expected LABEL=DIR with DIR/Model.Runtime");
        runtimes.Add((split[0], Path.GetFullPath(split[1])));
        return options;
    }

    private static TimeSpan Seconds(string value) =>
        TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
