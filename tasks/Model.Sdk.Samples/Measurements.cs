using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelSdk.Samples;

/// <summary>What <c>Model.Runtime check --measure</c> measured for one model.</summary>
public sealed record ModelMeasurement(
    string Name,
    double P50Ms,
    double P95Ms,
    int Runs,
    string Input,
    int? AccuracySamples,
    double? Top1,
    double? Top5
);

/// <summary>
/// measurements.json (docs/samples.md): the machine and each model's inference time and accuracy. Rendered as the
/// package readme's "Measured" section and as OCI layout annotations, never into the digest-pinned image.
/// </summary>
public sealed record Measurements(string Cpu, int Cores, string Platform, IReadOnlyList<ModelMeasurement> Models)
{
    public const string AnnotationPrefix = "io.modelsdk.measured.";

    public static Measurements Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var machine = root.GetProperty("machine");
        var models = root.GetProperty("models")
            .EnumerateArray()
            .Select(m =>
            {
                var t = m.GetProperty("inferenceTime");
                var a = m.TryGetProperty("accuracy", out var acc) ? acc : (JsonElement?)null;
                return new ModelMeasurement(
                    m.GetProperty("name").GetString() ?? "",
                    t.GetProperty("p50Ms").GetDouble(),
                    t.GetProperty("p95Ms").GetDouble(),
                    t.GetProperty("runs").GetInt32(),
                    t.GetProperty("input").GetString() ?? "",
                    a?.GetProperty("samples").GetInt32(),
                    a?.GetProperty("top1").GetDouble(),
                    a?.GetProperty("top5").GetDouble()
                );
            })
            .ToArray();
        return new Measurements(
            machine.GetProperty("cpu").GetString() ?? "",
            machine.GetProperty("cores").GetInt32(),
            machine.TryGetProperty("platform", out var p) ? p.GetString() ?? "" : "",
            models
        );
    }

    /// <summary>The model card section (markdown) the package readme gets.</summary>
    public string CardSection()
    {
        var md = new StringBuilder("\n## Measured\n\n");
        md.Append(Inv($"Measured by `dotnet pack` on {Cpu} ({Cores} cores, {Platform}); not part of the image.\n\n"));
        md.Append("| Model | Inference p50 | p95 | Runs | Top-1 | Top-5 |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var m in Models)
        {
            var top1 = m.Top1 is { } t1 ? Inv($"{t1 * 100:0.0}% of {m.AccuracySamples}") : "";
            var top5 = m.Top5 is { } t5 ? Inv($"{t5 * 100:0.0}%") : "";
            md.Append(
                Inv(
                    $"| {m.Name} | {m.P50Ms:0.###} ms | {m.P95Ms:0.###} ms | {m.Runs} ({m.Input}) | {top1} | {top5} |\n"
                )
            );
        }
        return md.ToString();
    }

    /// <summary>
    /// Annotations for the OCI layout's manifest descriptor (index.json), outside the manifest digest. A project
    /// with several models gets the model name in each key after the prefix.
    /// </summary>
    public IReadOnlyDictionary<string, string> Annotations()
    {
        var a = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AnnotationPrefix + "cpu"] = Cpu,
            [AnnotationPrefix + "cores"] = Inv($"{Cores}"),
        };
        foreach (var m in Models)
        {
            var key = AnnotationPrefix + (Models.Count == 1 ? "" : m.Name + ".");
            a[key + "inference-p50-ms"] = Inv($"{m.P50Ms}");
            a[key + "inference-p95-ms"] = Inv($"{m.P95Ms}");
            a[key + "inference-runs"] = Inv($"{m.Runs}");
            if (m.Top1 is { } top1)
                a[key + "accuracy-top1"] = Inv($"{top1}");
            if (m.Top5 is { } top5)
                a[key + "accuracy-top5"] = Inv($"{top5}");
        }
        return a;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
