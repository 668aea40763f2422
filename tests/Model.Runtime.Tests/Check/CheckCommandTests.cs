using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ModelRuntime.Check;
using ModelRuntime.Tests.Support;
using ModelSdk.Testing;
using SkiaSharp;

namespace ModelRuntime.Tests.Check;

public sealed class CheckCommandTests : IDisposable
{
    private static readonly float[] Features = [5.1f, 3.5f, 1.4f, 0.2f];
    private static readonly string[] Iris = ["setosa", "versicolor", "virginica"];

    private readonly string _dir = Directory.CreateTempSubdirectory("check-command-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal async Task<(int Code, JsonObject Results, string Stdout)> Check(
        string contract,
        IEnumerable<string> samples,
        params string[] extra
    )
    {
        var manifest = Write("samples.tsv", string.Join("\n", samples) + "\n");
        var results = Path.Combine(_dir, "results.json");
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MODEL_CONTRACT"] = contract })
            .Build();
        var stdout = new StringWriter();
        string[] args = ["--samples", manifest, "--results", results, "--project-dir", _dir, .. extra];
        var code = await CheckCommand.RunAsync(args, config, stdout, new StringWriter(), CancellationToken.None);
        return (code, JsonNode.Parse(File.ReadAllText(results))!.AsObject(), stdout.ToString());
    }

    internal string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    internal string Sample(string name, string input, string expected = "", string tolerance = "", string kind = "") =>
        string.Join('\t', name, Path.Combine(_dir, input), kind, "", expected, tolerance, "");

    internal static string Classifier() =>
        ContractFolder.Write(new TestModel("iris", OnnxModels.LinearClassifier().ToBytes(), Labels: Iris));

    private static JsonObject Sample(JsonObject results, int index) => results["samples"]![index]!.AsObject();

    private static string Numbers(IEnumerable<float> values) =>
        string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private string ExpectedOutputs(float[] probabilities) =>
        Write(
            "expected.json",
            $$"""{"outputs": [{"name": "probabilities", "shape": [1, 3], "data": [{{Numbers(probabilities)}}]}]}"""
        );

    [Fact]
    public async Task A_record_sample_passes_when_its_outputs_match_the_expected_file()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        var expected = ExpectedOutputs(OnnxModels.ClassifierExpected(Features));

        var (code, results, stdout) = await Check(Classifier(), [Sample("flower", "flower.json", expected)]);

        Assert.Equal(CheckCommand.Ok, code);
        Assert.Equal("passed", Sample(results, 0)["outcome"]!.GetValue<string>());
        Assert.Equal("outputs", Sample(results, 0)["expectation"]!.GetValue<string>());
        Assert.Contains("passed flower", stdout);
    }

    [Fact]
    public async Task A_differing_output_fails_naming_the_output_the_worst_element_and_its_difference()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        var probabilities = OnnxModels.ClassifierExpected(Features);
        probabilities[2] += 0.01f;
        probabilities[1] += 0.001f;

        var (code, results, _) = await Check(
            Classifier(),
            [Sample("flower", "flower.json", ExpectedOutputs(probabilities))]
        );

        Assert.Equal(CheckCommand.SamplesFailed, code);
        var sample = Sample(results, 0);
        Assert.Equal("MODEL0400", sample["code"]!.GetValue<string>());
        var message = sample["message"]!.GetValue<string>();
        Assert.Contains("output 'probabilities' element [0,2]", message);
        Assert.Contains("difference 0.01", message);
        Assert.Contains("2 of 3 elements differ", message);
    }

    [Fact]
    public async Task A_looser_tolerance_accepts_what_the_default_refuses()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        var probabilities = OnnxModels.ClassifierExpected(Features);
        probabilities[2] += 0.001f;
        var expected = ExpectedOutputs(probabilities);

        var (strict, _, _) = await Check(Classifier(), [Sample("flower", "flower.json", expected)]);
        var (loose, _, _) = await Check(Classifier(), [Sample("flower", "flower.json", expected, "abs=0.01")]);

        Assert.Equal(CheckCommand.SamplesFailed, strict);
        Assert.Equal(CheckCommand.Ok, loose);
    }

    [Fact]
    public async Task A_v2_request_sample_is_read_as_the_infer_endpoint_reads_it()
    {
        Write(
            "request.json",
            $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [{{Numbers(Features)}}]}]}"""
        );
        var expected = ExpectedOutputs(OnnxModels.ClassifierExpected(Features));

        var (code, results, _) = await Check(Classifier(), [Sample("request", "request.json", expected)]);

        Assert.Equal(CheckCommand.Ok, code);
        Assert.Equal("passed", Sample(results, 0)["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_label_sample_checks_the_top_1_label_and_names_the_rank_it_got()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        var best = Iris[
            Array.IndexOf(OnnxModels.ClassifierExpected(Features), OnnxModels.ClassifierExpected(Features).Max())
        ];
        var wrong = Iris.First(l => l != best);

        var (code, results, _) = await Check(
            Classifier(),
            [Sample("right", "flower.json", best), Sample("wrong", "flower.json", wrong)]
        );

        Assert.Equal(CheckCommand.SamplesFailed, code);
        Assert.Equal("passed", Sample(results, 0)["outcome"]!.GetValue<string>());
        Assert.Equal("MODEL0401", Sample(results, 1)["code"]!.GetValue<string>());
        Assert.Contains(
            $"top-1 label is '{best}', expected '{wrong}' (ranked",
            Sample(results, 1)["message"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task Bad_samples_get_their_own_codes_and_the_others_still_run()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        Write("short.json", "[1, 2, 3]");

        var (code, results, _) = await Check(
            Classifier(),
            [
                Sample("missing", "nope.jpg", "setosa"),
                Sample("no-expected-file", "flower.json", "gone.json"),
                Sample("tolerance", "flower.json", "setosa", "lots"),
                Sample("short", "short.json", "setosa"),
                Sample("short", "flower.json", "setosa"),
                Sample("ok", "flower.json", Iris[0]),
            ]
        );

        Assert.Equal(CheckCommand.SamplesFailed, code);
        var codes = results["samples"]!.AsArray().Select(s => s!["code"]?.GetValue<string>() ?? "passed").ToArray();
        Assert.Equal(["MODEL0403", "MODEL0404", "MODEL0405", "MODEL0406", "MODEL0413", "passed"], codes);
    }

    [Theory]
    [InlineData("", 1e-4, 1e-4)]
    [InlineData("0.01", 0.01, 1e-4)]
    [InlineData("1%", 1e-4, 0.01)]
    [InlineData("abs=0;rel=1e-3", 0, 1e-3)]
    [InlineData("absolute=0.5, relative=0", 0.5, 0)]
    public void Tolerances_parse(string text, double absolute, double relative) =>
        Assert.Equal(new Tolerance(absolute, relative), Tolerance.Parse(text));

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("abs=")]
    [InlineData("median=1")]
    public void Bad_tolerances_do_not_parse(string text) => Assert.Null(Tolerance.Parse(text));

    [Fact]
    public async Task Measuring_gives_plausible_percentiles_the_machine_and_the_accuracy_of_label_samples()
    {
        Write("flower.json", $"[{Numbers(Features)}]");
        var measure = Path.Combine(_dir, "measurements.json");

        await Check(
            Classifier(),
            [
                Sample("a", "flower.json", Iris[0]),
                Sample("b", "flower.json", Iris[1]),
                Sample("c", "flower.json", Iris[2]),
            ],
            "--measure",
            measure,
            "--runs",
            "25"
        );

        var measured = JsonNode.Parse(File.ReadAllText(measure))!;
        Assert.Equal(Environment.ProcessorCount, measured["machine"]!["cores"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(measured["machine"]!["cpu"]!.GetValue<string>()));
        var model = measured["models"]![0]!;
        Assert.Equal("iris", model["name"]!.GetValue<string>());
        var time = model["inferenceTime"]!;
        Assert.Equal(25, time["runs"]!.GetValue<int>());
        Assert.InRange(time["p50Ms"]!.GetValue<double>(), 0.0001, 1000);
        Assert.InRange(time["p95Ms"]!.GetValue<double>(), time["p50Ms"]!.GetValue<double>(), 1000);
        Assert.Equal("sample 'a'", time["input"]!.GetValue<string>());
        // One of the three labels is the top-1 answer; all three are within the top 5 of three classes.
        Assert.Equal(3, model["accuracy"]!["samples"]!.GetValue<int>());
        Assert.Equal(0.3333, model["accuracy"]!["top1"]!.GetValue<double>());
        Assert.Equal(1.0, model["accuracy"]!["top5"]!.GetValue<double>());
    }

    [Fact]
    public async Task Measuring_a_model_without_samples_times_zeros_within_the_time_bound()
    {
        var measure = Path.Combine(_dir, "measurements.json");

        await Check(Classifier(), [], "--measure", measure, "--runs", "1000000", "--max-seconds", "0.2");

        var time = JsonNode.Parse(File.ReadAllText(measure))!["models"]![0]!["inferenceTime"]!;
        Assert.Equal("zeros (no sample)", time["input"]!.GetValue<string>());
        Assert.InRange(time["runs"]!.GetValue<int>(), 1, 999_999);
    }

    [Fact]
    public async Task Detection_boxes_match_by_label_and_IoU_and_extra_or_moved_boxes_fail()
    {
        var contract = ContractFolder.Write(
            new TestModel(
                "det",
                VisionModels.SsdDetector().ToBytes(),
                Labels: ["background", "person", "car", "dog"],
                Details: new JsonObject { ["purpose"] = "ObjectDetection", ["architecture"] = "ssd" }
            )
        );
        WritePng("street.png", 100, 100);
        // ssd box 0 (person) and box 2 (car) are y1,x1,y2,x2 = 0.1,0.2,0.5|0.54,0.6, normalized: in a 100x100 image
        // x1=20, y1=10, x2=60, y2=50|54.
        var both = Write(
            "both.json",
            """[{"label":"person","box":{"x1":20,"y1":10,"x2":60,"y2":50}},{"label":"car","box":[21,11,60,53]}]"""
        );
        var one = Write("one.json", """[{"label":"person","box":{"x1":20,"y1":10,"x2":60,"y2":50}}]""");
        var moved = Write(
            "moved.json",
            """{"boxes":[{"label":"person","box":[40,30,80,70]},{"label":"car","box":[20,10,60,54]}]}"""
        );

        var (_, results, _) = await Check(
            contract,
            [Sample("both", "street.png", both), Sample("one", "street.png", one), Sample("moved", "street.png", moved)]
        );

        Assert.True(Sample(results, 0)["code"] is null, Sample(results, 0)["message"]!.GetValue<string>());
        Assert.Equal("MODEL0402", Sample(results, 1)["code"]!.GetValue<string>());
        Assert.Contains("1 unexpected detection(s), first 'car'", Sample(results, 1)["message"]!.GetValue<string>());
        Assert.Equal("MODEL0402", Sample(results, 2)["code"]!.GetValue<string>());
        Assert.Contains(
            "expected box 'person' [40, 30, 80, 70] not found (IoU >= 0.5)",
            Sample(results, 2)["message"]!.GetValue<string>()
        );
    }

    private void WritePng(string name, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(120, 130, 140));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(Path.Combine(_dir, name), data.ToArray());
    }
}
