using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>Golden samples (ModelSample items) under dotnet test and dotnet build, and measured catalog numbers in dotnet pack.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class GoldenSampleTests(SdkFeed feed)
{
    private static readonly float[] Features = [5.1f, 3.5f, 1.4f, 0.2f];
    private static readonly string[] Iris = ["setosa", "versicolor", "virginica"];

    private static readonly string Best = Iris[
        Array.IndexOf(OnnxModels.ClassifierExpected(Features), OnnxModels.ClassifierExpected(Features).Max())
    ];

    private static string Numbers(IEnumerable<float> values) =>
        string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The template's classifier with a record, a v2 request, their expected outputs and label samples.</summary>
    private ModelProject Golden(string name, bool failing)
    {
        var project = ModelProject.FromTemplate(feed, name);
        project.Write("flower.json", $"[{Numbers(Features)}]");
        project.Write(
            "request.json",
            $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [{{Numbers(Features)}}]}]}"""
        );
        var probabilities = OnnxModels.ClassifierExpected(Features);
        project.Write("expected.json", Outputs(probabilities));
        probabilities[1] += 0.05f;
        project.Write("wrong.json", Outputs(probabilities));
        var items = """
              <ModelSample Include="flower.json" Name="flower-label" Expected="BEST" />
              <ModelSample Include="flower.json" Name="flower-outputs" Expected="expected.json" Tolerance="1e-5" />
              <ModelSample Include="request.json" Expected="expected.json" />
            """.Replace("BEST", Best);
        if (failing)
        {
            items += $"""
                  <ModelSample Include="flower.json" Name="wrong-label" Expected="{Iris.First(l => l != Best)}" />
                  <ModelSample Include="flower.json" Name="wrong-outputs" Expected="wrong.json" />
                """;
        }
        project.AddToProject($"  <ItemGroup>\n{items}  </ItemGroup>");
        return project;
    }

    private static string Outputs(float[] p) =>
        $$"""{"outputs": [{"name": "probabilities", "shape": [1, 3], "data": [{{Numbers(p)}}]}]}""";

    [Fact]
    public void Dotnet_test_reports_each_sample_as_a_test_writes_trx_and_fails_on_a_failing_sample()
    {
        var project = Golden("Golden", failing: true);
        var results = Path.Combine(project.Directory, "results");

        var test = feed.Dotnet(
            project.Directory,
            "test",
            "-c",
            "Release",
            "--logger",
            "trx;LogFileName=golden.trx",
            "--results-directory",
            results
        );

        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("  Passed flower-label [", test.Output);
        Assert.Contains("  Passed request [", test.Output);
        Assert.Contains("  Failed wrong-label [", test.Output);
        Assert.Contains("error MODEL0401", test.Output);
        Assert.Contains($"top-1 label is '{Best}'", test.Output);
        Assert.Contains("error MODEL0400", test.Output);
        Assert.Contains("output 'probabilities' element [0,1]", test.Output);
        Assert.Contains("wrong-outputs", test.Output);
        Assert.Contains("Failed!  - Failed:     2, Passed:     3, Skipped:     0, Total:     5", test.Output);
        var trx = XDocument.Load(Path.Combine(results, "golden.trx"));
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var counters = trx.Descendants(ns + "Counters").Single();
        Assert.Equal(
            ("5", "3", "2"),
            (
                (string)counters.Attribute("total")!,
                (string)counters.Attribute("passed")!,
                (string)counters.Attribute("failed")!
            )
        );
        var failed = trx.Descendants(ns + "UnitTestResult").Where(r => (string?)r.Attribute("outcome") == "Failed");
        Assert.Equal(["wrong-label", "wrong-outputs"], failed.Select(r => (string)r.Attribute("testName")!).Order());

        // A build runs the samples only when asked; the failure names the sample file, and so does the error code.
        Assert.Equal(0, project.Build().ExitCode);
        var build = project.Build("-p:ModelRunSamples=true");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{project.Path_("flower.json")} : error MODEL0401: Golden sample 'wrong-label'", build.Output);

        File.WriteAllText(
            project.ProjectFile,
            System.Text.RegularExpressions.Regex.Replace(
                File.ReadAllText(project.ProjectFile),
                "<ModelSample [^>]*Name=\"wrong-[^>]*/>",
                ""
            )
        );
        var passing = feed.Dotnet(project.Directory, "test", "-c", "Release", "--filter", "Name~flower");
        Assert.True(passing.ExitCode == 0, passing.Output);
        Assert.Contains("Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2", passing.Output);

        // Nothing changed: the samples are not run again (the report reads the last results).
        var again = project.Build("-p:ModelRunSamples=true", "-v:n");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Skipping target \"_ModelRunSamples\" because all output files are up-to-date", again.Output);
        project.Write("expected.json", Outputs(OnnxModels.ClassifierExpected([5.1f, 3.5f, 1.4f, 0.3f])));
        var changed = project.Build("-p:ModelRunSamples=true");
        Assert.Contains("error MODEL0400", changed.Output);
    }

    [Fact]
    public void Pack_measures_inference_time_and_accuracy_into_the_package_but_not_the_image()
    {
        var project = Golden("Measured", failing: false);
        var plain = project.Build();
        Assert.True(plain.ExitCode == 0, plain.Output);
        var digest = File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim();

        var measured = project.Build("-p:ModelMeasure=true", "-p:ModelBenchmarkRuns=20");
        Assert.True(measured.ExitCode == 0, measured.Output);
        Assert.Equal(digest, File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim());
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(project.ImageDirectory, "index.json")))!;
        var annotations = index["manifests"]![0]!["annotations"]!;
        Assert.Equal("20", annotations["io.modelsdk.measured.inference-runs"]!.GetValue<string>());
        Assert.Equal("1", annotations["io.modelsdk.measured.accuracy-top1"]!.GetValue<string>());
        Assert.Null(
            JsonNode.Parse(File.ReadAllText(Path.Combine(project.ModelDirectory, "contract.json")))!["measured"]
        );

        var output = Path.Combine(project.Directory, "out");
        var pack = feed.Dotnet(project.Directory, "pack", "-c", "Release", "-o", output);
        Assert.True(pack.ExitCode == 0, pack.Output);
        using var package = ZipFile.OpenRead(Directory.GetFiles(output, "*.nupkg").Single());
        var numbers = JsonNode.Parse(Read(package, "measurements.json"))!;
        var model = numbers["models"]![0]!;
        var time = model["inferenceTime"]!;
        Assert.InRange(time["p50Ms"]!.GetValue<double>(), 0.0001, 1000);
        Assert.InRange(time["p95Ms"]!.GetValue<double>(), time["p50Ms"]!.GetValue<double>(), 1000);
        Assert.InRange(time["runs"]!.GetValue<int>(), 1, 30);
        Assert.Equal(1.0, model["accuracy"]!["top1"]!.GetValue<double>());
        Assert.True(numbers["machine"]!["cores"]!.GetValue<int>() >= 1);
        var readme = Read(package, "README.md");
        Assert.Contains("## Measured", readme);
        Assert.Contains("| Measured | ", readme);
        Assert.DoesNotContain("## Measured", Read(package, "model/README.md"));

        var ci = Path.Combine(project.Directory, "ci");
        Assert.Equal(
            0,
            feed.Dotnet(
                project.Directory,
                "pack",
                "-c",
                "Release",
                "-o",
                ci,
                "-p:ContinuousIntegrationBuild=true"
            ).ExitCode
        );
        using var ciPackage = ZipFile.OpenRead(Directory.GetFiles(ci, "*.nupkg").Single());
        Assert.Null(ciPackage.GetEntry("measurements.json"));
    }

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
