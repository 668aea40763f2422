namespace ModelSdk.Contracts.Tests;

public sealed class ContractMergeTests
{
    private static CompileResult Compile(TestProject p, string yaml, OnnxModelInfo? info = null)
    {
        p.Write("contract.yaml", yaml);
        return ModelProjectCompiler.Compile(
            p.OneModel(contract: "contract.yaml"),
            FakeOnnx.Returns(info ?? FakeOnnx.Classifier(1000))
        );
    }

    [Fact]
    public void Declared_fields_add_profile_and_description_and_keep_the_rest()
    {
        using var p = new TestProject();
        var model = Assertions
            .Succeeded(Compile(p, "inputs:\n  x: {profile: image, description: Face crop.}\n"))
            .Models[0];
        var x = model.Inputs[0];
        Assert.Equal(DataProfile.Image, x.Profile);
        Assert.Equal("Face crop.", x.Description);
        Assert.Equal("FP32", x.Datatype);
        Assert.Equal([-1L, 3, 224, 224], x.Shape);
        Assert.Equal("scores", Assert.Single(model.Outputs).Name);
    }

    [Fact]
    public void From_renames_and_keeps_the_onnx_name()
    {
        using var p = new TestProject();
        var x = Assertions.Succeeded(Compile(p, "inputs:\n  image: {from: x}\n")).Models[0].Inputs[0];
        Assert.Equal("image", x.Name);
        Assert.Equal("x", x.OnnxName);
    }

    [Fact]
    public void A_fixed_dim_narrows_a_dynamic_one_and_drops_its_symbolic_name()
    {
        using var p = new TestProject();
        var x = Assertions
            .Succeeded(Compile(p, "inputs:\n  x: {type: float, shape: [1, 3, 224, 224]}\n"))
            .Models[0]
            .Inputs[0];
        Assert.Equal([1L, 3, 224, 224], x.Shape);
        Assert.Equal([null, null, null, null], x.DimNames);
    }

    [Fact]
    public void A_dynamic_declared_dim_keeps_the_fixed_one()
    {
        using var p = new TestProject();
        var x = Assertions.Succeeded(Compile(p, "inputs:\n  x: {shape: [-1, -1, 224, 224]}\n")).Models[0].Inputs[0];
        Assert.Equal([-1L, 3, 224, 224], x.Shape);
        Assert.Equal(["N", null, null, null], x.DimNames);
    }

    [Fact]
    public void A_declared_shape_fills_an_unknown_rank()
    {
        using var p = new TestProject();
        var info = FakeOnnx.Info(
            [FakeOnnx.UnknownRank("x", OnnxElementType.Float)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, 1)]
        );
        var x = Assertions.Succeeded(Compile(p, "inputs:\n  x: {shape: [2, 2]}\n", info)).Models[0].Inputs[0];
        Assert.Equal([2L, 2], x.Shape);
    }

    [Fact]
    public void Fixed_dim_conflict_is_MODEL0012_showing_both_sides_at_the_shape_line()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "inputs:\n  x:\n    type: FP32\n    shape: [-1, 3, 112, 112]\n"),
            ErrorCodes.ContractConflict
        );
        Assert.Equal("input 'x': declared FP32 [-1,3,112,112] but model.onnx says FP32 [-1,3,224,224].", d.Message);
        Assert.Equal(p.Path("contract.yaml"), d.File);
        Assert.Equal(4, d.Line);
    }

    [Fact]
    public void Type_conflict_is_MODEL0012_at_the_type_line()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "outputs:\n  scores:\n    type: int64\n"),
            ErrorCodes.ContractConflict
        );
        Assert.Equal("output 'scores': declared INT64 [-1,1000] but model.onnx says FP32 [-1,1000].", d.Message);
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void Rank_conflict_is_MODEL0012()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "outputs:\n  scores: {shape: [1000]}\n"),
            ErrorCodes.ContractConflict
        );
        Assert.Contains("declared FP32 [1000] but model.onnx says FP32 [-1,1000]", d.Message);
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void Name_not_in_the_model_is_MODEL0012_listing_what_it_has()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "inputs:\n  x: {}\n  images: {type: float}\n"),
            ErrorCodes.ContractConflict
        );
        Assert.Contains("'images'", d.Message);
        Assert.Contains("has no input 'images' (it has: x)", d.Message);
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void Declaring_the_same_onnx_value_twice_is_MODEL0014()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "inputs:\n  x: {}\n  image: {from: x}\n"),
            ErrorCodes.InvalidContract
        );
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void Renaming_onto_another_field_is_MODEL0014()
    {
        using var p = new TestProject();
        var info = FakeOnnx.Info(
            [FakeOnnx.Tensor("a", OnnxElementType.Float, 1), FakeOnnx.Tensor("b", OnnxElementType.Float, 1)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, 1)]
        );
        var d = Assertions.SingleError(Compile(p, "inputs:\n  b: {from: a}\n", info), ErrorCodes.InvalidContract);
        Assert.Contains("'b'", d.Message);
    }

    [Fact]
    public void Yaml_errors_in_the_contract_file_reach_the_result()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, "inputs:\n  x: [\n"), ErrorCodes.YamlSyntax);
        Assert.Equal(p.Path("contract.yaml"), d.File);
        Assert.True(d.Line > 0);
    }

    [Fact]
    public void A_hydrosphere_serving_yaml_works_as_a_declared_contract()
    {
        using var p = new TestProject();
        var yaml =
            "kind: Model\nname: faces\ncontract:\n  name: predict\n  inputs:\n    x: {shape: [-1, 3, 224, 224], type: float, profile: image}\n";
        Assert.Equal(DataProfile.Image, Assertions.Succeeded(Compile(p, yaml)).Models[0].Inputs[0].Profile);
    }
}
