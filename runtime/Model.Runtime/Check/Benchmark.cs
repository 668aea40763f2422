using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Check;

/// <summary>Inference time of one model: p50 and p95 over the runs made, and what input was timed.</summary>
public sealed record Timing(string Model, string Input, int Runs, double P50Ms, double P95Ms, double MeanMs);

/// <summary>
/// Times <see cref="InferenceRunner.RunAsync"/> (the session run with the runtime's session settings, outputs
/// shaped, no HTTP) on the same input: one warm-up run, then up to <c>runs</c> runs or until <c>maxSeconds</c> have
/// passed (at least one run). Percentiles are nearest-rank.
/// </summary>
public static class Benchmark
{
    public static async Task<Timing> TimeAsync(
        ServedModel model,
        InferenceRunner runner,
        IReadOnlyList<KeyValuePair<string, Tensor>> inputs,
        string input,
        int runs,
        double maxSeconds,
        CancellationToken ct
    )
    {
        await runner.RunAsync(model, inputs, null, ct, recordOutcome: false, bypassBatcher: true);
        var times = new List<double>(runs);
        var budget = Stopwatch.StartNew();
        while (times.Count < runs && (times.Count == 0 || budget.Elapsed.TotalSeconds < maxSeconds))
        {
            var started = Stopwatch.GetTimestamp();
            await runner.RunAsync(model, inputs, null, ct, recordOutcome: false, bypassBatcher: true);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return new Timing(model.Name, input, times.Count, Rank(times, 0.50), Rank(times, 0.95), times.Average());
    }

    /// <summary>Zeros in every input's shape (dynamic dims 1), for a model with no sample.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> ZeroInputs(InferenceSession session) =>
        session
            .Inputs.Select(i =>
            {
                var shape = i.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
                var count = Tensor.ElementCountOf(shape);
                var tensor =
                    i.ElementType == OnnxElementType.String
                        ? Tensor.FromStrings(
                            shape,
                            Enumerable.Range(0, (int)count).Select(_ => Array.Empty<byte>()).ToArray()
                        )
                        : Tensor.FromBytes(
                            i.ElementType,
                            shape,
                            new byte[count * TensorElementTypes.SizeOf(i.ElementType)]
                        );
                return KeyValuePair.Create(i.Name, tensor);
            })
            .ToArray();

    public static double Rank(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The CPU as /proc/cpuinfo names it ("model name"), else the architecture.</summary>
    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':') is var colon and > 0)
                return line[(colon + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>Top-1 and top-5 accuracy over the label samples of one model.</summary>
    public static JsonObject? Accuracy(IEnumerable<SampleOutcome> outcomes, string model)
    {
        var labelled = outcomes
            .Where(o => o.Model == model && o.ExpectedLabel is not null && o.PredictedLabels.Count > 0)
            .ToArray();
        if (labelled.Length == 0)
            return null;
        double Share(int k) =>
            labelled.Count(o => o.PredictedLabels.Take(k).Contains(o.ExpectedLabel)) / (double)labelled.Length;
        return new JsonObject
        {
            ["samples"] = labelled.Length,
            ["top1"] = Math.Round(Share(1), 4),
            ["top5"] = Math.Round(Share(5), 4),
        };
    }
}
