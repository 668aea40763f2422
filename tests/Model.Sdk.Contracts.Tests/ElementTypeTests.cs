namespace ModelSdk.Contracts.Tests;

public sealed class ElementTypeTests
{
    private static CompileResult Compile(TestProject p, OnnxValueInfo output) =>
        ModelProjectCompiler.Compile(
            p.OneModel(),
            FakeOnnx.Returns(FakeOnnx.Info([FakeOnnx.Tensor("x", OnnxElementType.Float, 1)], [output]))
        );

    [Theory]
    [InlineData(OnnxElementType.Float, "FP32")]
    [InlineData(OnnxElementType.Double, "FP64")]
    [InlineData(OnnxElementType.Float16, "FP16")]
    [InlineData(OnnxElementType.Int64, "INT64")]
    [InlineData(OnnxElementType.UInt8, "UINT8")]
    [InlineData(OnnxElementType.Bool, "BOOL")]
    [InlineData(OnnxElementType.String, "BYTES")]
    public void Standard_types_map_without_diagnostics(OnnxElementType type, string datatype)
    {
        using var p = new TestProject();
        var result = Compile(p, FakeOnnx.Tensor("y", type, 1));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(datatype, Assertions.Succeeded(result).Models[0].Outputs[0].Datatype);
    }

    [Fact]
    public void Bfloat16_is_BF16_with_warning_MODEL0903()
    {
        using var p = new TestProject();
        var result = Compile(p, FakeOnnx.Tensor("y", OnnxElementType.BFloat16, 1));
        Assert.Equal("BF16", Assertions.Succeeded(result).Models[0].Outputs[0].Datatype);
        Assert.Contains("'y'", Assertions.SingleWarning(result, ErrorCodes.NonStandardDatatype).Message);
    }

    [Theory]
    [InlineData(OnnxElementType.Float8E4M3FN)]
    [InlineData(OnnxElementType.Int4)]
    [InlineData(OnnxElementType.Complex64)]
    public void Types_the_protocol_cannot_carry_are_MODEL0019(OnnxElementType type)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, FakeOnnx.Tensor("y", type, 1)), ErrorCodes.UnsupportedElementType);
        Assert.Contains("'y'", d.Message);
        Assert.Equal(p.Path("model.onnx"), d.File);
    }

    [Fact]
    public void Non_tensors_are_BYTES_with_warning_MODEL0904_and_keep_their_onnx_type()
    {
        using var p = new TestProject();
        var result = Compile(p, FakeOnnx.NonTensor("probs", OnnxValueKind.Sequence, "seq(map(int64,tensor(float)))"));
        var field = Assertions.Succeeded(result).Models[0].Outputs[0];
        Assert.Equal("BYTES", field.Datatype);
        Assert.Equal("seq(map(int64,tensor(float)))", field.OnnxType);
        Assert.Null(field.Shape);
        Assert.Equal([-1L], field.OipShape);
        Assert.Contains(
            "seq(map(int64,tensor(float)))",
            Assertions.SingleWarning(result, ErrorCodes.NonTensorValue).Message
        );
    }

    [Fact]
    public void Dims_become_minus_one_with_their_symbolic_names()
    {
        using var p = new TestProject();
        var result = Compile(p, FakeOnnx.Tensor("y", OnnxElementType.Float, "batch", null, 7));
        var field = Assertions.Succeeded(result).Models[0].Outputs[0];
        Assert.Equal([-1L, -1, 7], field.Shape);
        Assert.Equal(["batch", null, null], field.DimNames);
    }

    [Fact]
    public void Scalars_have_an_empty_shape()
    {
        using var p = new TestProject();
        var field = Assertions.Succeeded(Compile(p, FakeOnnx.Tensor("y", OnnxElementType.Float))).Models[0].Outputs[0];
        Assert.Equal([], field.OipShape);
    }

    [Theory]
    [InlineData("FP32", "FP32")]
    [InlineData("float32", "FP32")]
    [InlineData("float", "FP32")]
    [InlineData("DT_FLOAT", "FP32")]
    [InlineData("double", "FP64")]
    [InlineData("string", "BYTES")]
    [InlineData("half", "FP16")]
    [InlineData("Int64", "INT64")]
    public void User_type_names_parse(string text, string expected)
    {
        Assert.True(Datatypes.TryParse(text, out var oip));
        Assert.Equal(expected, oip);
    }

    [Theory]
    [InlineData("FP32", 1, "float")]
    [InlineData("FP64", 2, "double")]
    [InlineData("INT32", 3, "int32")]
    [InlineData("UINT8", 4, "uint8")]
    [InlineData("BYTES", 7, "string")]
    [InlineData("INT64", 9, "int64")]
    [InlineData("BOOL", 10, "bool")]
    [InlineData("BF16", 14, "bfloat16")]
    [InlineData("FP16", 19, "half")]
    public void Tensorflow_numbers_and_names(string oip, int number, string name)
    {
        Assert.Equal(number, Datatypes.ToTensorflow(oip));
        Assert.Equal(name, Datatypes.ToHydrosphereName(oip));
    }
}
