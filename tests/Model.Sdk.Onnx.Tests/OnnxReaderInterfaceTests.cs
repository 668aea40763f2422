using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

public class OnnxReaderInterfaceTests : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-onnx");

    public void Dispose() => _dir.Dispose();

    private OnnxModelInfo Read(OnnxModelBuilder builder, string name = "model.onnx") =>
        OnnxReader.Read(builder.Save(_dir.Combine(name)));

    public static TheoryData<OnnxElementType> AllElementTypes => new(OnnxDatatypes.All);

    [Theory]
    [MemberData(nameof(AllElementTypes))]
    public void Reads_every_element_type(OnnxElementType type)
    {
        var info = Read(
            new OnnxModelBuilder()
                .Input("x", type, OnnxType.Shape(2))
                .Node("Identity", ["x"], ["y"])
                .Output("y", type, OnnxType.Shape(2))
        );

        var input = Assert.Single(info.Inputs);
        Assert.Equal(OnnxValueKind.Tensor, input.Kind);
        Assert.Equal(type, input.ElementType);
        Assert.Equal($"tensor({OnnxDatatypes.OnnxName(type)})", input.TypeText);
        Assert.Equal(type, Assert.Single(info.Outputs).ElementType);
    }

    [Fact]
    public void Reads_fixed_symbolic_and_unknown_dims()
    {
        var info = Read(
            new OnnxModelBuilder()
                .Input("image", OnnxElementType.Float, OnnxType.Shape("batch", 3, null, 224L))
                .Output("out", OnnxElementType.Float, [OnnxDim.Unknown, OnnxDim.Fixed(0)])
        );

        Assert.Equal(
            [OnnxDim.Symbolic("batch"), OnnxDim.Fixed(3), OnnxDim.Unknown, OnnxDim.Fixed(224)],
            info.Inputs[0].Shape!
        );
        Assert.Equal([OnnxDim.Unknown, OnnxDim.Fixed(0)], info.Outputs[0].Shape!);
        Assert.False(info.Inputs[0].Shape![0].IsFixed);
        Assert.True(info.Inputs[0].Shape![1].IsFixed);
    }

    [Fact]
    public void Distinguishes_unknown_rank_from_scalar()
    {
        var info = Read(
            new OnnxModelBuilder()
                .Input("anything", OnnxElementType.Float, shape: null)
                .Input("scalar", OnnxElementType.Int64, OnnxType.Shape())
                .Output("out", OnnxElementType.Float, shape: null)
        );

        Assert.Null(info.Inputs[0].Shape);
        Assert.NotNull(info.Inputs[1].Shape);
        Assert.Empty(info.Inputs[1].Shape!);
        Assert.Equal(OnnxElementType.Int64, info.Inputs[1].ElementType);
        Assert.Null(info.Outputs[0].Shape);
    }

    [Fact]
    public void Keeps_order_of_several_inputs_and_outputs()
    {
        var builder = new OnnxModelBuilder();
        for (var i = 0; i < 5; i++)
            builder.Input($"in{i}", OnnxElementType.Float, OnnxType.Shape(i + 1));
        for (var i = 0; i < 4; i++)
            builder.Output($"out{i}", OnnxElementType.Int32, OnnxType.Shape("n"));

        var info = Read(builder);

        Assert.Equal(["in0", "in1", "in2", "in3", "in4"], info.Inputs.Select(i => i.Name));
        Assert.Equal(["out0", "out1", "out2", "out3"], info.Outputs.Select(o => o.Name));
        Assert.Equal(5, info.Inputs[4].Shape![0].Value);
    }

    [Fact]
    public void Excludes_inputs_that_are_initializers_dense_or_sparse()
    {
        var info = Read(
            new OnnxModelBuilder()
                .IrVersion(3)
                .Input("x", OnnxElementType.Float, OnnxType.Shape(1, 4))
                .FloatInitializer("w", [4, 1], 1, 2, 3, 4)
                .Initializer("b", OnnxElementType.Float, [1], OnnxModelBuilder.ToBytes([0.5f]), alsoInput: true)
                .SparseFloatInitializer("s", [4], [1], [2f])
                .Input("s", OnnxElementType.Float, OnnxType.Shape(4))
                .Input("w", OnnxElementType.Float, OnnxType.Shape(4, 1))
                .Output("y", OnnxElementType.Float, OnnxType.Shape(1, 1))
        );

        Assert.Equal(["x"], info.Inputs.Select(i => i.Name));
        Assert.Equal(3, info.IrVersion);
    }

    [Fact]
    public void Reads_model_level_fields_metadata_opsets_and_doc_strings()
    {
        var info = Read(
            new OnnxModelBuilder()
                .IrVersion(9)
                .Producer("pytorch", "2.1.0")
                .Domain("com.example")
                .ModelVersion(42)
                .DocString("Model doc — with ünïcode")
                .GraphName("torch_jit")
                .GraphDocString("Graph doc")
                .Opset("", 17)
                .Opset("ai.onnx.ml", 3)
                .Opset("com.microsoft", 1)
                .Metadata("author", "Ada")
                .Metadata("labels", "cat,dog")
                .Metadata("author", "duplicate keys are kept in order")
                .Input("x", OnnxElementType.Float, OnnxType.Shape(1), "the input")
                .Output("y", OnnxElementType.Float, OnnxType.Shape(1), "the output")
        );

        Assert.Equal(9, info.IrVersion);
        Assert.Equal("pytorch", info.ProducerName);
        Assert.Equal("2.1.0", info.ProducerVersion);
        Assert.Equal("com.example", info.Domain);
        Assert.Equal(42, info.ModelVersion);
        Assert.Equal("Model doc — with ünïcode", info.DocString);
        Assert.Equal("torch_jit", info.GraphName);
        Assert.Equal("Graph doc", info.GraphDocString);
        Assert.Equal([new("", 17), new("ai.onnx.ml", 3), new OnnxOpset("com.microsoft", 1)], info.Opsets);
        Assert.Equal(
            [new("author", "Ada"), new("labels", "cat,dog"), new("author", "duplicate keys are kept in order")],
            info.Metadata
        );
        Assert.Equal("the input", info.Inputs[0].DocString);
        Assert.Equal("the output", info.Outputs[0].DocString);
        Assert.Empty(info.ExternalDataFiles);
    }

    [Fact]
    public void Describes_non_tensor_types()
    {
        var floats = OnnxType.Tensor(OnnxElementType.Float, null);
        var info = Read(
            new OnnxModelBuilder()
                .Input("x", OnnxElementType.Float, OnnxType.Shape("N", 4))
                .Output("labels", OnnxElementType.Int64, OnnxType.Shape("N"))
                .Output("probabilities", OnnxType.Sequence(OnnxType.Map(OnnxElementType.Int64, floats)))
                .Output("by_name", OnnxType.Map(OnnxElementType.String, floats))
                .Output("maybe", OnnxType.Optional(OnnxType.Tensor(OnnxElementType.Int32, OnnxType.Shape(2))))
                .Output("sparse", OnnxType.SparseTensor(OnnxElementType.Double, OnnxType.Shape(10, 10)))
                .Output("seq_of_seq", OnnxType.Sequence(OnnxType.Sequence(OnnxType.None)))
                .Output("untyped", OnnxType.None)
        );

        var outputs = info.Outputs.ToDictionary(o => o.Name);
        Assert.Equal(OnnxValueKind.Tensor, outputs["labels"].Kind);
        Assert.Equal(OnnxValueKind.Sequence, outputs["probabilities"].Kind);
        Assert.Equal("seq(map(int64,tensor(float)))", outputs["probabilities"].TypeText);
        Assert.Null(outputs["probabilities"].Shape);
        Assert.Equal(OnnxElementType.Undefined, outputs["probabilities"].ElementType);
        Assert.Equal(OnnxValueKind.Map, outputs["by_name"].Kind);
        Assert.Equal("map(string,tensor(float))", outputs["by_name"].TypeText);
        Assert.Equal(OnnxValueKind.Optional, outputs["maybe"].Kind);
        Assert.Equal("optional(tensor(int32))", outputs["maybe"].TypeText);
        Assert.Equal(OnnxValueKind.SparseTensor, outputs["sparse"].Kind);
        Assert.Equal(OnnxElementType.Double, outputs["sparse"].ElementType);
        Assert.Equal("sparse_tensor(double)", outputs["sparse"].TypeText);
        Assert.Equal([OnnxDim.Fixed(10), OnnxDim.Fixed(10)], outputs["sparse"].Shape!);
        Assert.Equal("seq(seq(unknown))", outputs["seq_of_seq"].TypeText);
        Assert.Equal(OnnxValueKind.Unknown, outputs["untyped"].Kind);
        Assert.Equal("unknown", outputs["untyped"].TypeText);
    }

    [Fact]
    public void Treats_negative_and_empty_dims_as_unknown()
    {
        var info = Read(
            new OnnxModelBuilder()
                .Input("x", OnnxElementType.Float, [OnnxDim.Fixed(-1), OnnxDim.Symbolic(""), OnnxDim.Fixed(3)])
                .Output("y", OnnxElementType.Float, OnnxType.Shape(3))
        );

        Assert.Equal([OnnxDim.Unknown, OnnxDim.Unknown, OnnxDim.Fixed(3)], info.Inputs[0].Shape!);
    }

    [Fact]
    public void Ignores_intermediate_value_info_and_nodes()
    {
        var info = Read(
            OnnxModels
                .LinearClassifier()
                .IntermediateValue("logits", OnnxType.Tensor(OnnxElementType.Float, OnnxType.Shape("batch", 3)))
        );

        Assert.Equal(["input"], info.Inputs.Select(i => i.Name));
        Assert.Equal(["probabilities"], info.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Reads_the_linear_classifier()
    {
        var info = Read(OnnxModels.LinearClassifier());

        Assert.Equal(8, info.IrVersion);
        Assert.Equal([new OnnxOpset("", 13)], info.Opsets);
        Assert.Equal("Model.Sdk.ModelGen", info.ProducerName);
        var input = Assert.Single(info.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([OnnxDim.Symbolic("batch"), OnnxDim.Fixed(4)], input.Shape!);
        var output = Assert.Single(info.Outputs);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal([OnnxDim.Symbolic("batch"), OnnxDim.Fixed(3)], output.Shape!);
    }

    [Fact]
    public void Reads_fields_in_any_order()
    {
        // Protobuf allows fields in any order: move ir_version after the graph.
        var model = OnnxModels.LinearClassifier().ToBytes();
        var irVersionField = model[..2]; // 0x08 0x08: ir_version = 8, written first by protobuf.
        Assert.Equal(new byte[] { 0x08, 0x08 }, irVersionField);
        var reordered = model[2..].Concat(irVersionField).ToArray();
        var path = _dir.Combine("reordered.onnx");
        File.WriteAllBytes(path, reordered);

        var info = OnnxReader.Read(path);

        Assert.Equal(8, info.IrVersion);
        Assert.Equal("input", Assert.Single(info.Inputs).Name);
    }

    [Fact]
    public void Builder_writes_the_same_bytes_every_time()
    {
        Assert.Equal(OnnxModels.LinearClassifier().ToBytes(), OnnxModels.LinearClassifier().ToBytes());
        var a = OnnxModels.Large(3 << 20, realBytes: true).Save(_dir.Combine("a.onnx"));
        var b = OnnxModels.Large(3 << 20, realBytes: true).Save(_dir.Combine("b.onnx"));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(0, File.ReadAllBytes(a).Skip(200).Take(1000).Count(x => x != 0));
    }
}
