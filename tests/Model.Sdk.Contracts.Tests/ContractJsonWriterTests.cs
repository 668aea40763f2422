using System.Text;
using System.Text.Json;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

public sealed class ContractJsonWriterTests
{
    [Fact]
    public void Models_are_exactly_open_inference_protocol_metadata()
    {
        using var p = new TestProject();
        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(SampleProjects.Classifier(p)));
        var root = doc.RootElement;
        Assert.Equal(
            ["formatVersion", "models", "modelDetails", "package"],
            root.EnumerateObject().Select(o => o.Name)
        );
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        var model = Assert.Single(root.GetProperty("models").EnumerateArray().ToList());
        Assert.Equal(
            ["name", "versions", "platform", "inputs", "outputs"],
            model.EnumerateObject().Select(o => o.Name)
        );
        Assert.Equal("faces", model.GetProperty("name").GetString());
        Assert.Equal(["1.2.3"], model.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnx_onnxv1", model.GetProperty("platform").GetString());
        var input = Assert.Single(model.GetProperty("inputs").EnumerateArray().ToList());
        Assert.Equal(["name", "datatype", "shape"], input.EnumerateObject().Select(o => o.Name));
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 4], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(
            [-1L, 3],
            model.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())
        );
    }

    [Fact]
    public void Details_carry_everything_else()
    {
        using var p = new TestProject();
        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(SampleProjects.Classifier(p)));
        var d = doc.RootElement.GetProperty("modelDetails")[0];
        Assert.Equal("files/classifier.onnx", d.GetProperty("file").GetString());
        Assert.Equal(0, d.GetProperty("externalData").GetArrayLength());
        Assert.Equal("onnx", d.GetProperty("framework").GetString());
        Assert.Equal("Classification", d.GetProperty("purpose").GetString());
        Assert.Equal("labels.txt", d.GetProperty("labels").GetProperty("file").GetString());
        Assert.Equal(3, d.GetProperty("labels").GetProperty("count").GetInt32());
        var pre = d.GetProperty("preprocessing");
        Assert.Equal(224, pre.GetProperty("inputWidth").GetInt32());
        Assert.Equal([1.0, 2, 3], pre.GetProperty("mean").EnumerateArray().Select(m => m.GetDouble()));
        Assert.Equal(0.5, pre.GetProperty("scaleFactor").GetDouble());
        Assert.True(pre.GetProperty("swapRB").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pre.GetProperty("crop").ValueKind);
        Assert.Equal("colors.txt", pre.GetProperty("colorsFile").GetString());
        var param = d.GetProperty("parameters")[0];
        Assert.Equal("MODEL_PARAM_THRESHOLD", param.GetProperty("env").GetString());
        Assert.Equal("0.5", param.GetProperty("default").GetString());
        Assert.Equal(1.5, d.GetProperty("resources").GetProperty("cores").GetDouble());
        Assert.Equal(8, d.GetProperty("batching").GetProperty("maxBatchSize").GetInt32());
        Assert.Equal(2, d.GetProperty("batching").GetProperty("maxQueueDelayMs").GetInt32());
        var input = d.GetProperty("inputs")[0];
        Assert.Equal("input", input.GetProperty("onnxName").GetString());
        Assert.Equal(["batch", null], input.GetProperty("dims").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("numerical", input.GetProperty("profile").GetString());
        Assert.Equal("Four measurements.", input.GetProperty("description").GetString());
        Assert.Equal("tensor(float)", input.GetProperty("onnxType").GetString());
        var onnx = d.GetProperty("onnx");
        Assert.Equal(8, onnx.GetProperty("irVersion").GetInt32());
        Assert.Equal("Model.Sdk.ModelGen", onnx.GetProperty("producerName").GetString());
        Assert.Equal(13, onnx.GetProperty("opsets")[0].GetProperty("version").GetInt32());
        Assert.Equal("lab", onnx.GetProperty("metadata").GetProperty("author").GetString());
        var package = doc.RootElement.GetProperty("package");
        Assert.Equal(["Ada", "Grace"], package.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("MIT", package.GetProperty("license").GetString());
    }

    [Fact]
    public void Onnx_metadata_keys_are_sorted_and_unknown_rank_is_minus_one()
    {
        using var p = new TestProject();
        var info = FakeOnnx.Info(
            [FakeOnnx.UnknownRank("x", OnnxElementType.Float)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float)]
        );
        var set = Assertions.Succeeded(ModelProjectCompiler.Compile(p.OneModel(), FakeOnnx.Returns(info)));
        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(set));
        var metadata = doc.RootElement.GetProperty("modelDetails")[0].GetProperty("onnx").GetProperty("metadata");
        Assert.Equal(["alpha", "zeta"], metadata.EnumerateObject().Select(o => o.Name));
        var model = doc.RootElement.GetProperty("models")[0];
        Assert.Equal(
            [-1L],
            model.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())
        );
        Assert.Equal(0, model.GetProperty("outputs")[0].GetProperty("shape").GetArrayLength());
        Assert.Equal(
            JsonValueKind.Null,
            doc.RootElement.GetProperty("modelDetails")[0].GetProperty("inputs")[0].GetProperty("dims").ValueKind
        );
    }

    [Fact]
    public void Output_is_indented_with_lf_and_no_bom()
    {
        using var p = new TestProject();
        var bytes = ContractJsonWriter.Write(SampleProjects.Classifier(p));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain('\r', text);
        Assert.StartsWith("{\n  \"formatVersion\": 1,\n", text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void Non_onnx_platforms_follow_the_documented_mapping()
    {
        Assert.Equal("tensorflow_graphdef", ModelFramework.Tensorflow.Platform());
        Assert.Equal("tensorrt_plan", ModelFramework.TensorRt.Platform());
        Assert.Equal("openvino", ModelFramework.Dldt.Platform());
        Assert.Equal("caffe", ModelFramework.Caffe.Platform());
    }
}
