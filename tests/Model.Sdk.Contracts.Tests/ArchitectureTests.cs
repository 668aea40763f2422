using System.Text;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

public sealed class ArchitectureTests
{
    private static CompileResult Compile(ProjectSpec spec) =>
        ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier()));

    [Fact]
    public void Unknown_architecture_is_MODEL0150_listing_the_valid_ones()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p.OneModel(purpose: "ObjectDetection") with { Architecture = "retinanet" }),
            ErrorCodes.UnknownArchitecture
        );
        Assert.Contains("'retinanet'", d.Message);
        Assert.Contains("ssd, yolo", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void Unknown_item_architecture_is_MODEL0150_too()
    {
        using var p = new TestProject();
        p.Model();
        var spec = p.Spec(new ModelItemSpec { File = "model.onnx", Architecture = "yolox" });
        Assertions.SingleError(Compile(spec), ErrorCodes.UnknownArchitecture);
    }

    [Fact]
    public void Architecture_is_case_insensitive_written_in_lower_case_and_items_override_the_project()
    {
        using var p = new TestProject();
        p.Model();
        var spec = p.Spec(
            new ModelItemSpec
            {
                File = "model.onnx",
                Purpose = "ObjectDetection",
                Architecture = "YOLO",
            }
        ) with
        {
            Architecture = "ssd",
        };
        var result = Compile(spec);
        Assert.Empty(result.Diagnostics);
        var set = Assertions.Succeeded(result);
        Assert.Equal("yolo", set.Models[0].Architecture);
        var json = Encoding.UTF8.GetString(ContractJsonWriter.Write(set));
        Assert.Contains("\"architecture\": \"yolo\"", json);
    }

    [Fact]
    public void A_detector_without_architecture_is_warning_MODEL0151()
    {
        using var p = new TestProject();
        var result = Compile(p.OneModel(purpose: "ObjectDetection"));
        var d = Assertions.SingleWarning(result, ErrorCodes.DetectorWithoutArchitecture);
        Assert.Contains("<ModelArchitecture>ssd</ModelArchitecture>", d.Message);
    }

    [Fact]
    public void Without_architecture_the_contract_has_no_architecture_key()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p.OneModel(purpose: "Classification")));
        Assert.DoesNotContain("architecture", Encoding.UTF8.GetString(ContractJsonWriter.Write(set)));
    }

    [Fact]
    public void ImageToImage_is_a_purpose()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p.OneModel(purpose: "imagetoimage")));
        Assert.Equal(ModelPurpose.ImageToImage, set.Models[0].Purpose);
    }
}
