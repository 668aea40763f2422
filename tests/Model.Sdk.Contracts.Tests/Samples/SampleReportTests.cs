using System.Text.Json.Nodes;
using System.Xml.Linq;
using ModelSdk.Samples;

namespace ModelSdk.Contracts.Tests.Samples;

public sealed class SampleReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sample-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SampleResult[] Results =
    [
        new("cat", "/p/cat.jpg", "Pets", "label", true, null, "passed", 12.5),
        new(
            "dog",
            "/p/dog.jpg",
            "Pets",
            "label",
            false,
            "MODEL0401",
            "top-1 label is 'cat', expected 'dog' (ranked 2)",
            0.4
        ),
    ];

    [Fact]
    public void Results_are_read_from_the_check_command_file()
    {
        var path = Path.Combine(_dir, "results.json");
        File.WriteAllText(
            path,
            """{"formatVersion":1,"samples":[{"name":"a","file":"/a.json","model":"m","expectation":"outputs","outcome":"failed","code":"MODEL0400","message":"x","durationMs":1.5},{"name":"b","file":"/b.json","model":null,"expectation":null,"outcome":"passed","code":null,"message":"passed","durationMs":0}]}"""
        );

        var results = SampleResults.Read(path);

        Assert.Equal(new SampleResult("a", "/a.json", "m", "outputs", false, "MODEL0400", "x", 1.5), results[0]);
        Assert.True(results[1].Passed);
    }

    [Fact]
    public void Lines_and_summary_look_like_dotnet_test()
    {
        Assert.Equal("  Passed cat [13 ms]", SampleResults.Line(Results[0]));
        Assert.Equal("  Failed dog [< 1 ms]", SampleResults.Line(Results[1]));
        Assert.Equal(
            "Failed!  - Failed:     1, Passed:     1, Skipped:     0, Total:     2, Duration: 13 ms - Pets",
            SampleResults.Summary(Results, "Pets")
        );
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("cat", true)]
    [InlineData("Name=cat", true)]
    [InlineData("Name=ca", false)]
    [InlineData("FullyQualifiedName~at", true)]
    [InlineData("Name!=cat", false)]
    [InlineData("Name=dog|Name=cat", true)]
    [InlineData("Name~c&Name~x", false)]
    public void Filters_select_by_name(string? filter, bool selected) =>
        Assert.Equal(selected, SampleResults.Selected("cat", filter));

    [Fact]
    public void Trx_has_each_sample_its_outcome_and_message_and_is_the_same_for_the_same_results()
    {
        var first = Path.Combine(_dir, "a.trx");
        var second = Path.Combine(_dir, "b.trx");
        var when = new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

        TrxWriter.Write(first, "Pets", Results, when);
        TrxWriter.Write(second, "Pets", Results, when);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var trx = XDocument.Load(first);
        var results = trx.Descendants(ns + "UnitTestResult").ToArray();
        Assert.Equal(["Passed", "Failed"], results.Select(r => (string)r.Attribute("outcome")!));
        Assert.Equal(
            "MODEL0401: top-1 label is 'cat', expected 'dog' (ranked 2)",
            results[1].Descendants(ns + "Message").Single().Value
        );
        var counters = trx.Descendants(ns + "Counters").Single();
        Assert.Equal("2", (string)counters.Attribute("total")!);
        Assert.Equal("Failed", (string)trx.Descendants(ns + "ResultSummary").Single().Attribute("outcome")!);
        // Every result's test is defined and entered, by the same id.
        var defined = trx.Descendants(ns + "UnitTest").Select(t => (string)t.Attribute("id")!).ToArray();
        Assert.Equal(results.Select(r => (string)r.Attribute("testId")!), defined);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("console;verbosity=detailed", null)]
    [InlineData("trx", "/r/Pets.trx")]
    [InlineData("trx;LogFileName=x.trx", "/r/x.trx")]
    [InlineData("TRX;logfilename=/abs/y.trx", "/abs/y.trx")]
    public void The_trx_file_comes_from_the_logger(string? logger, string? file) =>
        Assert.Equal(file, TrxWriter.FileFromLogger(logger, "/r", "Pets"));

    private string MeasurementsFile(bool accuracy, bool twoModels = false)
    {
        var path = Path.Combine(_dir, "measurements.json");
        var model = (string name) =>
            new JsonObject
            {
                ["name"] = name,
                ["inferenceTime"] = new JsonObject
                {
                    ["p50Ms"] = 0.25,
                    ["p95Ms"] = 0.5,
                    ["meanMs"] = 0.3,
                    ["runs"] = 30,
                    ["input"] = "sample 'cat'",
                },
                ["accuracy"] = accuracy
                    ? new JsonObject
                    {
                        ["samples"] = 4,
                        ["top1"] = 0.75,
                        ["top5"] = 1.0,
                    }
                    : null,
            };
        var models = twoModels ? new JsonArray(model("a"), model("b")) : new JsonArray(model("Pets"));
        var root = new JsonObject
        {
            ["formatVersion"] = 1,
            ["machine"] = new JsonObject
            {
                ["cpu"] = "Test CPU",
                ["cores"] = 2,
                ["platform"] = "linux-x64",
            },
            ["models"] = models,
        };
        if (!accuracy)
            foreach (var m in models)
                m!.AsObject().Remove("accuracy");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    [Fact]
    public void The_card_section_shows_times_accuracy_and_the_machine()
    {
        var section = Measurements.Read(MeasurementsFile(accuracy: true)).CardSection();

        Assert.Contains("## Measured", section);
        Assert.Contains("Test CPU (2 cores, linux-x64)", section);
        Assert.Contains("| Pets | 0.25 ms | 0.5 ms | 30 (sample 'cat') | 75.0% of 4 | 100.0% |", section);
    }

    [Fact]
    public void Annotations_replace_earlier_measurements_and_keep_the_other_annotations()
    {
        var index = Path.Combine(_dir, "index.json");
        File.WriteAllText(
            index,
            """{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:00","size":1,"annotations":{"org.opencontainers.image.ref.name":"1.0.0","io.modelsdk.measured.stale":"x"}}]}"""
        );

        LayoutAnnotations.Add(index, Measurements.Read(MeasurementsFile(accuracy: false)).Annotations());

        var annotations = JsonNode.Parse(File.ReadAllText(index))!["manifests"]![0]!["annotations"]!.AsObject();
        Assert.Equal(
            [
                "io.modelsdk.measured.cores",
                "io.modelsdk.measured.cpu",
                "io.modelsdk.measured.inference-p50-ms",
                "io.modelsdk.measured.inference-p95-ms",
                "io.modelsdk.measured.inference-runs",
                "org.opencontainers.image.ref.name",
            ],
            annotations.Select(a => a.Key)
        );
        Assert.Equal("0.25", annotations["io.modelsdk.measured.inference-p50-ms"]!.GetValue<string>());
        Assert.Equal(
            "sha256:00",
            JsonNode.Parse(File.ReadAllText(index))!["manifests"]![0]!["digest"]!.GetValue<string>()
        );
    }

    [Fact]
    public void Several_models_are_told_apart_in_the_annotation_keys()
    {
        var annotations = Measurements.Read(MeasurementsFile(accuracy: true, twoModels: true)).Annotations();

        Assert.Equal("0.75", annotations["io.modelsdk.measured.a.accuracy-top1"]);
        Assert.Equal("1", annotations["io.modelsdk.measured.b.accuracy-top5"]);
    }
}
