using System.Text.Json;

namespace ModelSdk.IntegrationTests;

[Collection(SdkFeedCollection.Name)]
public sealed class TemplateBuildTests(SdkFeed feed)
{
    [Fact]
    public void Default_template_builds_and_writes_every_contract_file()
    {
        var project = ModelProject.FromTemplate(feed, "Demo");

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        foreach (var file in new[] { "contract.json", "contract.protobin", "serving.yaml", "README.md", "labels.txt" })
            Assert.True(File.Exists(Path.Combine(project.ModelDirectory, file)), $"{file} missing:\n{build.Output}");
        Assert.True(File.Exists(Path.Combine(project.ModelDirectory, "files", "model.onnx")));

        using var contract = project.ReadContract();
        var model = contract.RootElement.GetProperty("models")[0];
        Assert.Equal("Demo", model.GetProperty("name").GetString());
        Assert.Equal("onnx_onnxv1", model.GetProperty("platform").GetString());
        Assert.Equal("1.0.0", model.GetProperty("versions")[0].GetString());
        var input = model.GetProperty("inputs")[0];
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1, 4], input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var output = model.GetProperty("outputs")[0];
        Assert.Equal("probabilities", output.GetProperty("name").GetString());
        Assert.Equal([-1, 3], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void Template_options_reach_the_contract()
    {
        var project = ModelProject.FromTemplate(
            feed,
            "Options",
            "--purpose",
            "ObjectDetection",
            "--architecture",
            "ssd",
            "--size",
            "64x64",
            "--mean",
            "104,117,123",
            "--scalefactor",
            "0.5",
            "--swaprb",
            "--softmax",
            "--model_file",
            "detector.onnx",
            "--label_file",
            "classes.txt"
        );
        // The template's tabular model cannot take images (MODEL0141/0142): a detector takes its place, as a user's would.
        Assert.True(File.Exists(project.Path_("detector.onnx")));
        File.WriteAllBytes(project.Path_("detector.onnx"), ModelSdk.Testing.VisionModels.SsdDetector().ToBytes());

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        using var contract = project.ReadContract();
        var details = contract.RootElement.GetProperty("modelDetails")[0];
        Assert.Equal("ObjectDetection", details.GetProperty("purpose").GetString());
        Assert.Equal("ssd", details.GetProperty("architecture").GetString());
        var pre = details.GetProperty("preprocessing");
        var json = pre.GetRawText();
        Assert.Contains("64", json);
        Assert.Contains("104", json);
        Assert.Contains("117", json);
        Assert.Contains("0.5", json);
        Assert.Equal(3, details.GetProperty("labels").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Non_onnx_framework_builds_from_its_declared_contract()
    {
        var project = ModelProject.FromTemplate(feed, "Tf", "--framework", "tensorflow");

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        using var contract = project.ReadContract();
        var model = contract.RootElement.GetProperty("models")[0];
        Assert.NotEqual("onnx_onnxv1", model.GetProperty("platform").GetString());
        Assert.Equal("input", model.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(
            "tensorflow",
            contract.RootElement.GetProperty("modelDetails")[0].GetProperty("framework").GetString()
        );
    }
}
