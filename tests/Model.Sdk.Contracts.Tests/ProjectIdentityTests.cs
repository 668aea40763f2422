namespace ModelSdk.Contracts.Tests;

public sealed class ProjectIdentityTests
{
    private static CompileResult Compile(TestProject p, ProjectSpec spec) =>
        ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier()));

    [Fact]
    public void Defaults_are_version_1_0_0_onnx_and_custom()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p, p.OneModel()));
        Assert.Equal("faces", set.Name);
        Assert.Equal("1.0.0", set.Version);
        var model = Assert.Single(set.Models);
        Assert.Equal("faces", model.Name);
        Assert.Equal(ModelFramework.Onnx, model.Framework);
        Assert.Equal(ModelPurpose.Custom, model.Purpose);
    }

    [Theory]
    [InlineData("faces-v2.1_x")]
    [InlineData("A")]
    public void Valid_names_pass(string name)
    {
        using var p = new TestProject();
        Assertions.Succeeded(Compile(p, p.OneModel() with { Name = name }));
    }

    [Theory]
    [InlineData("face detector")]
    [InlineData("faces:v1")]
    [InlineData("")]
    [InlineData("é")]
    public void Invalid_names_are_MODEL0018(string name)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, p.OneModel() with { Name = name }), ErrorCodes.InvalidModelName);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void A_name_longer_than_128_is_MODEL0018()
    {
        using var p = new TestProject();
        Assertions.SingleError(
            Compile(p, p.OneModel() with { Name = new string('a', 129) }),
            ErrorCodes.InvalidModelName
        );
        Assertions.Succeeded(Compile(p, p.OneModel() with { Name = new string('a', 128) }));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../evil")]
    [InlineData("a\\b")]
    public void Names_that_escape_the_output_folder_are_MODEL0013(string name)
    {
        using var p = new TestProject();
        Assertions.SingleError(Compile(p, p.OneModel() with { Name = name }), ErrorCodes.PathEscapesOutput);
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("2.1.0-beta.1")]
    [InlineData("1.0.0-rc.1+build.5")]
    [InlineData("10.20.30")]
    public void SemVer_versions_pass(string version)
    {
        using var p = new TestProject();
        Assert.Equal(version, Assertions.Succeeded(Compile(p, p.OneModel() with { Version = version })).Version);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0-beta..1")]
    public void Non_semver_versions_are_MODEL0007(string version)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, p.OneModel() with { Version = version }), ErrorCodes.InvalidVersion);
        Assert.Contains(version, d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Theory]
    [InlineData("onnx", ModelFramework.Onnx)]
    [InlineData("ONNX", ModelFramework.Onnx)]
    [InlineData("Tensor-RT", ModelFramework.TensorRt)]
    public void Frameworks_parse_case_insensitively(string text, ModelFramework expected)
    {
        Assert.True(ModelFrameworks.TryParse(text, out var f));
        Assert.Equal(expected, f);
    }

    [Fact]
    public void Unknown_framework_is_MODEL0005_listing_the_valid_ones()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, p.OneModel() with { Framework = "pytorch" }),
            ErrorCodes.UnknownFramework
        );
        foreach (
            var name in new[]
            {
                "onnx",
                "tensorflow",
                "caffe",
                "darknet",
                "dldt",
                "tensor-rt",
                "hailo",
                "myriad",
                "enet",
            }
        )
        {
            Assert.Contains(name, d.Message);
        }
    }

    [Fact]
    public void Unknown_purpose_is_MODEL0006_listing_the_valid_ones()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, p.OneModel() with { Purpose = "Detection" }),
            ErrorCodes.UnknownPurpose
        );
        Assert.Contains("ObjectDetection", d.Message);
        Assert.Contains("SemanticSegmentation", d.Message);
    }

    [Fact]
    public void A_number_is_not_a_purpose()
    {
        using var p = new TestProject();
        Assertions.SingleError(Compile(p, p.OneModel() with { Purpose = "1" }), ErrorCodes.UnknownPurpose);
    }

    [Fact]
    public void Purpose_parses_case_insensitively_and_items_override_the_project()
    {
        using var p = new TestProject();
        var spec = p.OneModel(purpose: "objectdetection") with { Purpose = "Classification" };
        var model = Assertions.Succeeded(Compile(p, spec)).Models[0];
        Assert.Equal(ModelPurpose.ObjectDetection, model.Purpose);
    }

    [Fact]
    public void Package_fields_are_split_and_trimmed()
    {
        using var p = new TestProject();
        var spec = p.OneModel() with
        {
            Authors = "Ada; Grace ,",
            Tags = "vision;faces",
            License = " MIT ",
            Description = " Finds faces. ",
        };
        var set = Assertions.Succeeded(Compile(p, spec));
        Assert.Equal(["Ada", "Grace"], set.Authors);
        Assert.Equal(["vision", "faces"], set.Tags);
        Assert.Equal("MIT", set.License);
        Assert.Equal("Finds faces.", set.Description);
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        using var p = new TestProject();
        var result = Compile(p, p.OneModel() with { Version = "x", Framework = "y", Purpose = "z" });
        Assert.Equal(
            [ErrorCodes.InvalidVersion, ErrorCodes.UnknownFramework, ErrorCodes.UnknownPurpose],
            result.Diagnostics.Select(d => d.Code)
        );
    }
}
