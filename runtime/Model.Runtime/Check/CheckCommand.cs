using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.Serving;

namespace ModelRuntime.Check;

/// <summary>
/// <c>Model.Runtime check ...</c>: the build's golden samples (<c>ModelSample</c> items), run with the serving code
/// in this process, each compared with its expectation; results (and with --measure, inference time and accuracy)
/// written as JSON for the build to report. Exit code 0 when every sample passed, 1 when any failed, 2 for a
/// command line or contract that cannot be used.
/// </summary>
public static class CheckCommand
{
    public const int Ok = 0;
    public const int SamplesFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration configuration,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken ct
    )
    {
        var parsed = CheckArguments.Parse(args, out var error);
        if (error is not null)
            return Usage(stderr, error);
        configuration["MODEL_CONTRACT_WAIT_SECONDS"] ??= "0";
        var options = new RuntimeOptions(configuration);
        var metrics = new RuntimeMetrics();
        using var repository = new ModelRepository(options, metrics, NullLogger<ModelRepository>.Instance);
        if (repository.ContractError is { } contractError)
            return Usage(stderr, $"the contract cannot be read: {contractError}");
        var runner = new InferenceRunner(metrics);
        var checker = new SampleChecker(repository, runner, new RequestMemoryBudget(options), parsed.ProjectDirectory);
        var outcomes = await checker.CheckAsync(SampleSpec.ReadManifest(parsed.Samples), ct);
        foreach (var o in outcomes)
            stdout.WriteLine(
                $"check: {(o.Passed ? "passed" : "FAILED")} {o.Name} ({o.DurationMs:0.##} ms){(o.Passed ? "" : $": {o.Code}: {o.Message}")}"
            );
        Write(parsed.Results, Results(outcomes));
        if (parsed.Measure is { } measure)
        {
            var measured = await MeasureAsync(repository, runner, checker, outcomes, parsed, ct);
            Write(measure, measured);
            stdout.WriteLine($"check: measured {measured.ToJsonString()}");
        }
        return outcomes.All(o => o.Passed) ? Ok : SamplesFailed;
    }

    private static async Task<JsonObject> MeasureAsync(
        ModelRepository repository,
        InferenceRunner runner,
        SampleChecker checker,
        IReadOnlyList<SampleOutcome> outcomes,
        CheckArguments parsed,
        CancellationToken ct
    )
    {
        var models = new JsonArray();
        foreach (
            var model in repository
                .Models.Where(m => m.Session is not null)
                .OrderBy(m => m.Name, StringComparer.Ordinal)
        )
        {
            var first = checker.Runs.FirstOrDefault(r => r.Model == model);
            var (inputs, what) = first.Run is { } run
                ? (run.Inputs, $"sample '{first.Spec.Name}'")
                : (Benchmark.ZeroInputs(model.Session!), "zeros (no sample)");
            var timing = await Benchmark.TimeAsync(model, runner, inputs, what, parsed.Runs, parsed.MaxSeconds, ct);
            var entry = new JsonObject
            {
                ["name"] = model.Name,
                ["inferenceTime"] = new JsonObject
                {
                    ["p50Ms"] = Math.Round(timing.P50Ms, 3),
                    ["p95Ms"] = Math.Round(timing.P95Ms, 3),
                    ["meanMs"] = Math.Round(timing.MeanMs, 3),
                    ["runs"] = timing.Runs,
                    ["input"] = timing.Input,
                },
            };
            if (Benchmark.Accuracy(outcomes, model.Name) is { } accuracy)
                entry["accuracy"] = accuracy;
            models.Add((JsonNode)entry);
        }
        return new JsonObject
        {
            ["formatVersion"] = 1,
            ["machine"] = new JsonObject
            {
                ["cpu"] = Benchmark.CpuModel(),
                ["cores"] = Environment.ProcessorCount,
                ["platform"] = RuntimeInformation.RuntimeIdentifier,
            },
            ["models"] = models,
        };
    }

    private static JsonObject Results(IReadOnlyList<SampleOutcome> outcomes) =>
        new()
        {
            ["formatVersion"] = 1,
            ["samples"] = new JsonArray(
                outcomes
                    .Select(o =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["name"] = o.Name,
                                ["file"] = o.File,
                                ["model"] = o.Model,
                                ["expectation"] = o.Expectation,
                                ["outcome"] = o.Passed ? "passed" : "failed",
                                ["code"] = o.Code,
                                ["message"] = o.Message,
                                ["durationMs"] = Math.Round(o.DurationMs, 3),
                            }
                    )
                    .ToArray()
            ),
        };

    private static void Write(string path, JsonObject json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"check: {message}");
        stderr.WriteLine(CheckArguments.Usage);
        return UsageError;
    }
}
