namespace ModelSdk.Contracts.Tests;

public sealed class ModelItemTests
{
    private static CompileResult Compile(ProjectSpec spec) =>
        ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier()));

    [Fact]
    public void No_model_item_is_MODEL0017()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p.Spec()), ErrorCodes.NoModel);
        Assert.Equal(p.ProjectFile, d.File);
        Assert.Contains("<Model Include=", d.Message);
        Assert.Contains("by default", d.Message);
    }

    [Fact]
    public void The_same_file_included_twice_is_MODEL0023_explaining_default_items()
    {
        using var p = new TestProject();
        p.Model();
        var result = Compile(
            p.Spec(new ModelItemSpec { File = "model.onnx" }, new ModelItemSpec { File = "./model.onnx" })
        );
        var d = Assertions.SingleError(result, ErrorCodes.DuplicateModelItem);
        Assert.DoesNotContain(result.Diagnostics, x => x.Code == ErrorCodes.DuplicateModelName);
        Assert.Contains("'model.onnx' is included twice", d.Message);
        Assert.Contains("EnableDefaultModelItems", d.Message);
        Assert.Contains("<Model Update=\"model.onnx\"", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void An_invalid_file_stem_name_is_MODEL0018_saying_where_to_set_Name()
    {
        using var p = new TestProject();
        p.Model("mödèl v2 ✓.onnx");
        p.Model("other.onnx");
        var d = Assertions.SingleError(
            Compile(p.Spec(new ModelItemSpec { File = "mödèl v2 ✓.onnx" }, new ModelItemSpec { File = "other.onnx" })),
            ErrorCodes.InvalidModelName
        );
        Assert.Contains("<Model Update=\"mödèl v2 ✓.onnx\" Name=\"model-v2\" />", d.Message);
    }

    [Fact]
    public void An_invalid_ModelName_is_MODEL0018_naming_the_property()
    {
        using var p = new TestProject("mödèl v2 ✓");
        var d = Assertions.SingleError(Compile(p.OneModel()), ErrorCodes.InvalidModelName);
        Assert.Contains("set the ModelName property", d.Message);
    }

    [Fact]
    public void Missing_model_file_is_MODEL0001_naming_it()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p.Spec(new ModelItemSpec { File = "nope.onnx" })),
            ErrorCodes.ModelFileMissing
        );
        Assert.Contains("nope.onnx", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void Several_models_are_named_after_their_files_case_kept()
    {
        using var p = new TestProject();
        p.Model("Detector.onnx");
        p.Model("sub/Landmarks.onnx");
        var set = Assertions.Succeeded(
            Compile(
                p.Spec(new ModelItemSpec { File = "Detector.onnx" }, new ModelItemSpec { File = "sub/Landmarks.onnx" })
            )
        );
        Assert.Equal(["Detector", "Landmarks"], set.Models.Select(m => m.Name));
        Assert.False(set.IsSingleModel);
    }

    [Fact]
    public void Name_metadata_wins()
    {
        using var p = new TestProject();
        p.Model();
        var set = Assertions.Succeeded(Compile(p.Spec(new ModelItemSpec { File = "model.onnx", Name = "custom" })));
        Assert.Equal("custom", set.Models[0].Name);
    }

    [Fact]
    public void Duplicate_model_names_are_MODEL0008_naming_both_files()
    {
        using var p = new TestProject();
        p.Model("a/net.onnx");
        p.Model("b/NET.onnx");
        var d = Assertions.SingleError(
            Compile(p.Spec(new ModelItemSpec { File = "a/net.onnx" }, new ModelItemSpec { File = "b/NET.onnx" })),
            ErrorCodes.DuplicateModelName
        );
        Assert.Contains("a/net.onnx", d.Message);
        Assert.Contains("b/NET.onnx", d.Message);
    }

    [Fact]
    public void Item_names_that_escape_are_MODEL0013()
    {
        using var p = new TestProject();
        p.Model();
        Assertions.SingleError(
            Compile(p.Spec(new ModelItemSpec { File = "model.onnx", Name = "../x" })),
            ErrorCodes.PathEscapesOutput
        );
    }

    [Fact]
    public void Missing_labels_or_contract_files_are_MODEL0015()
    {
        using var p = new TestProject();
        var result = Compile(p.OneModel(labels: "labels.txt", contract: "contract.yaml"));
        var missing = result.Diagnostics.Where(d => d.Code == ErrorCodes.ReferencedFileMissing).ToList();
        Assert.Equal(2, missing.Count);
        Assert.Contains("labels.txt", missing[0].Message);
        Assert.Contains("contract.yaml", missing[1].Message);
        Assert.Null(result.Contracts);
    }

    [Fact]
    public void Labels_keep_every_line_but_its_terminator()
    {
        using var p = new TestProject();
        p.Write("labels.txt", "  cat \r\n\r\ndog\n   \nbird");
        var model = Assertions.Succeeded(Compile(p.OneModel(labels: "labels.txt"))).Models[0];
        Assert.Equal(["  cat ", "", "dog", "   ", "bird"], model.Labels);
    }

    [Fact]
    public void Onnx_reader_errors_become_diagnostics()
    {
        using var p = new TestProject();
        var result = ModelProjectCompiler.Compile(
            p.OneModel(),
            path => throw new ModelSdkException(ErrorCodes.ModelFileCorrupt, "not ONNX", path)
        );
        var d = Assertions.SingleError(result, ErrorCodes.ModelFileCorrupt);
        Assert.Equal(p.Path("model.onnx"), d.File);
    }

    [Fact]
    public void Non_onnx_framework_without_contract_is_MODEL0003()
    {
        using var p = new TestProject();
        p.Model("net.pb");
        var d = Assertions.SingleError(
            Compile(p.Spec(new ModelItemSpec { File = "net.pb", Framework = "tensorflow" })),
            ErrorCodes.ContractRequired
        );
        Assert.Contains("Contract=", d.Message);
    }

    [Fact]
    public void Non_onnx_framework_builds_from_its_declared_contract_without_reading_the_file()
    {
        using var p = new TestProject();
        p.Model("net.caffemodel");
        p.Write(
            "contract.yaml",
            "inputs:\n  data: {type: float32, shape: [1, 3, 300, 300], profile: image}\noutputs:\n  detection_out: {type: FP32, shape: [1, 1, -1, 7]}\n"
        );
        var spec = p.Spec(new ModelItemSpec { File = "net.caffemodel", Contract = "contract.yaml" }) with
        {
            Framework = "Caffe",
        };
        var model = Assertions
            .Succeeded(ModelProjectCompiler.Compile(spec, _ => throw new InvalidOperationException("must not read")))
            .Models[0];
        Assert.Equal(ModelFramework.Caffe, model.Framework);
        Assert.Null(model.Onnx);
        Assert.Equal("data", model.Inputs[0].Name);
        Assert.Equal(DataProfile.Image, model.Inputs[0].Profile);
        Assert.Equal([1L, 1, -1, 7], model.Outputs[0].Shape);
    }

    [Theory]
    [InlineData("inputs:\n  data: {shape: [1]}\noutputs: {}\n", "no 'type:'")]
    [InlineData("inputs:\n  data: {type: float}\noutputs: {}\n", "no 'shape:'")]
    [InlineData("inputs:\n  data: {type: float, shape: [1], from: x}\noutputs: {}\n", "'from:'")]
    public void Non_onnx_declared_fields_need_type_and_shape_MODEL0014(string yaml, string expected)
    {
        using var p = new TestProject();
        p.Model("net.pb");
        var file = p.Write("contract.yaml", yaml);
        var spec = p.Spec(
            new ModelItemSpec
            {
                File = "net.pb",
                Contract = "contract.yaml",
                Framework = "tensorflow",
            }
        );
        var d = Assertions.SingleError(Compile(spec), ErrorCodes.InvalidContract);
        Assert.Contains(expected, d.Message);
        Assert.Equal(file, d.File);
        Assert.Equal(2, d.Line);
    }
}
