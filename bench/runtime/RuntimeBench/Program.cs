using Microsoft.ML.OnnxRuntime;
using RuntimeBench;

// Serving benchmark; see BenchOptions for the command line and bench/runtime/run.sh for the usual invocation.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// Workers of the in-process floor block a thread each; don't let thread-pool ramp-up eat the warm-up.
ThreadPool.SetMinThreads(64, 64);

var work = Directory.CreateTempSubdirectory("runtime-bench-").FullName;
try
{
    BenchModels.WriteModels(work);
    var contract = BenchModels.WriteContract(work, "contract.json", options.Models, unbatchedOnly: false);
    var floorSessions = options.Models.ToDictionary(
        m => m,
        m => new InferenceSession(Path.Combine(work, "files", $"{m}.onnx"))
    );
    var samples = new List<Sample>();
    var windows = new List<RunWindow>();
    var bench = new Bench(options, work, contract, samples);
    for (var run = 1; run <= options.Runs; run++)
    {
        var (start, load) = (DateTime.UtcNow, LoadAverage());
        await bench.RunAsync(run, floorSessions);
        windows.Add(new RunWindow(run, start, DateTime.UtcNow, load, LoadAverage()));
        Console.WriteLine($"run {run}: load average {load} -> {windows[^1].LoadAfter}");
    }
    foreach (var session in floorSessions.Values)
        session.Dispose();
    var starts = options.Starts > 0 ? await MeasureStarts(options, work) : [];
    var report = Report.Write(options, samples, starts, windows);
    Console.WriteLine();
    Console.Write(report);
    if (options.Output is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
        File.WriteAllText(options.Output, report);
        Console.WriteLine($"report written to {options.Output}");
    }
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

// Start-to-ready of each runtime (and the node peer) serving the small model alone, started one after another.
static async Task<Dictionary<string, List<double>>> MeasureStarts(BenchOptions options, string work)
{
    var contract = BenchModels.WriteContract(work, "contract-start.json", ["small"], unbatchedOnly: true);
    var starts = new Dictionary<string, List<double>>();
    for (var i = 0; i < options.Starts; i++)
    {
        foreach (var (label, dir) in options.Runtimes)
        {
            using var server = await Server.StartRuntime(label, dir, contract);
            (starts.TryGetValue(label, out var list) ? list : starts[label] = []).Add(server.ReadyMs);
        }
        if (options.NodeScript is not null)
        {
            using var node = await Server.StartNode(options.NodeScript, Path.Combine(work, "files"), ["small"]);
            (starts.TryGetValue(node.Label, out var list) ? list : starts[node.Label] = []).Add(node.ReadyMs);
        }
    }
    Console.WriteLine(
        string.Join(
            "; ",
            starts.Select(s => $"{s.Key} start to ready: {string.Join(", ", s.Value.Select(v => v.ToString("F0")))} ms")
        )
    );
    return starts;
}
