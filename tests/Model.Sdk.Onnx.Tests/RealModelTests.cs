using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

/// <summary>Published models from npm packages (eng/fetch-test-models.sh).</summary>
public class RealModelTests
{
    private static string Shape(OnnxValueInfo value) =>
        value.Shape is null
            ? "?"
            : "[" + string.Join(",", value.Shape.Select(d => d.Value?.ToString() ?? d.Param ?? "?")) + "]";

    private static string Describe(IEnumerable<OnnxValueInfo> values) =>
        string.Join(" ", values.Select(v => $"{v.Name}:{OnnxDatatypes.OnnxName(v.ElementType)}{Shape(v)}"));

    [TestModelFact(TestModels.SileroVadLegacy)]
    public void Silero_vad_legacy_has_state_inputs_and_an_int64_scalar()
    {
        var info = OnnxReader.Read(TestModels.Require(TestModels.SileroVadLegacy));

        Assert.Equal(
            "input:float[batch,sequence] sr:int64[] h:float[2,batch,64] c:float[2,batch,64]",
            Describe(info.Inputs)
        );
        Assert.Equal("output:float[batch,1] hn:float[2,batch,64] cn:float[2,batch,64]", Describe(info.Outputs));
        Assert.Equal("pytorch", info.ProducerName);
        Assert.Equal(8, info.IrVersion);
        Assert.Contains(new OnnxOpset("", 16), info.Opsets);
        Assert.Equal(9, info.Opsets.Count);
        Assert.Empty(info.ExternalDataFiles);
    }

    [TestModelFact(TestModels.SileroVadV5)]
    public void Silero_vad_v5_has_unknown_dims()
    {
        var info = OnnxReader.Read(TestModels.Require(TestModels.SileroVadV5));

        Assert.Equal("input:float[?,?] state:float[2,?,128] sr:int64[]", Describe(info.Inputs));
        Assert.Equal("output:float[?,1] stateN:float[?,?,?]", Describe(info.Outputs));
        Assert.Equal("spox", info.ProducerName);
        Assert.Equal("spox_graph", info.GraphName);
    }

    [TestModelFact(TestModels.WakeWordEmbedding)]
    public void Wake_word_embedding_is_an_nhwc_image_like_model_from_tf2onnx()
    {
        var info = OnnxReader.Read(TestModels.Require(TestModels.WakeWordEmbedding));

        Assert.Equal("input_1:float[unk__314,76,32,1]", Describe(info.Inputs));
        Assert.Equal("conv2d_19:float[unk__315,1,1,96]", Describe(info.Outputs));
        Assert.Equal("tf2onnx", info.ProducerName);
        Assert.Equal(7, info.IrVersion);
        Assert.Equal([new("", 13), new OnnxOpset("ai.onnx.ml", 2)], info.Opsets);
    }

    [TestModelFact(TestModels.WakeWordMelSpectrogram, TestModels.WakeWordHeyJarvis)]
    public void Wake_word_front_end_and_classifier()
    {
        var mel = OnnxReader.Read(TestModels.Require(TestModels.WakeWordMelSpectrogram));
        var jarvis = OnnxReader.Read(TestModels.Require(TestModels.WakeWordHeyJarvis));

        Assert.Equal("input:float[batch_size,samples]", Describe(mel.Inputs));
        Assert.Equal("output:float[time,1,Clipoutput_dim_2,32]", Describe(mel.Outputs));
        Assert.Equal("x.1:float[1,16,96]", Describe(jarvis.Inputs));
        Assert.Equal("53:float[1,1]", Describe(jarvis.Outputs));
    }

    [TestModelFact(TestModels.TextDirection)]
    public void Paddle_text_direction_classifier_is_an_nchw_image_model_with_symbolic_height_and_width()
    {
        var info = OnnxReader.Read(TestModels.Require(TestModels.TextDirection));

        Assert.Equal(
            "x:float[p2o.DynamicDimension.0,3,p2o.DynamicDimension.1,p2o.DynamicDimension.2]",
            Describe(info.Inputs)
        );
        Assert.Equal("softmax_0.tmp_0:float[p2o.DynamicDimension.3,2]", Describe(info.Outputs));
        Assert.Equal(8, info.IrVersion);
        Assert.Equal([new OnnxOpset("", 9)], info.Opsets);
    }

    [TestModelFact(TestModels.SileroVadLegacy)]
    public void Every_truncation_of_a_real_model_is_MODEL0002()
    {
        var bytes = File.ReadAllBytes(TestModels.Require(TestModels.SileroVadLegacy));
        using var dir = new TempDirectory("modelsdk-onnx");
        var path = dir.Combine("cut.onnx");
        for (var length = 1; length < bytes.Length; length += 997)
        {
            BrokenFiles.Truncated(bytes, length, path);
            var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));
            Assert.Equal(ErrorCodes.ModelFileCorrupt, e.Code);
        }
    }
}
