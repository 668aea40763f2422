using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

/// <summary>Checks our schema and builder against the official ONNX library (python3-onnx).</summary>
public class OfficialOnnxLibraryTests : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-onnx");

    public void Dispose() => _dir.Dispose();

    // Prints what onnx itself sees: inputs that are not initializers, outputs, with onnx's own type strings.
    private const string DescribeScript = """
        import sys, json, onnx
        m = onnx.load(sys.argv[1], load_external_data=False)
        inits = {t.name for t in m.graph.initializer} | {s.values.name for s in m.graph.sparse_initializer}
        def dims(t):
            if not t.HasField("tensor_type") or not t.tensor_type.HasField("shape"):
                return None
            return [d.dim_param if d.HasField("dim_param") else (d.dim_value if d.HasField("dim_value") else None)
                    for d in t.tensor_type.shape.dim]
        def elem(t):
            return t.tensor_type.elem_type if t.HasField("tensor_type") else 0
        def value(v):
            return {"name": v.name, "elem": elem(v.type), "dims": dims(v.type), "doc": v.doc_string}
        print(json.dumps({
            "ir": m.ir_version, "producer": m.producer_name, "graph": m.graph.name,
            "opsets": [[o.domain, o.version] for o in m.opset_import],
            "metadata": [[p.key, p.value] for p in m.metadata_props],
            "inputs": [value(v) for v in m.graph.input if v.name not in inits],
            "outputs": [value(v) for v in m.graph.output],
        }))
        """;

    [OnnxPythonFact]
    public void Vision_models_pass_the_onnx_checker_with_shape_inference()
    {
        OnnxPython.Check(VisionModels.SsdDetector().Save(_dir.Combine("ssd.onnx")));
        OnnxPython.Check(VisionModels.Yolov8Detector().Save(_dir.Combine("yolov8.onnx")));
        OnnxPython.Check(VisionModels.Yolov5Detector().Save(_dir.Combine("yolov5.onnx")));
        foreach (var layout in new[] { "nchw", "nhwc", "argmax" })
            OnnxPython.Check(VisionModels.Segmenter(layout).Save(_dir.Combine($"segmenter-{layout}.onnx")));
        OnnxPython.Check(VisionModels.ImageIdentity().Save(_dir.Combine("identity.onnx")));
    }

    [OnnxPythonFact]
    public void Builder_models_pass_the_onnx_checker()
    {
        OnnxPython.Check(OnnxModels.LinearClassifier().Save(_dir.Combine("classifier.onnx")));
        OnnxPython.Check(OnnxModels.Large(1 << 20, realBytes: true).Save(_dir.Combine("large.onnx")));
        OnnxPython.Check(
            new OnnxModelBuilder()
                .Opset("", 13)
                .Metadata("k", "v")
                .Input("x", OnnxElementType.Float, OnnxType.Shape("n", 4))
                .ExternalInitializer("w", OnnxElementType.Float, [4], "w.bin", OnnxModelBuilder.ToBytes([1f, 2, 3, 4]))
                .Node("Add", ["x", "w"], ["y"])
                .Output("y", OnnxElementType.Float, OnnxType.Shape("n", 4))
                .Save(_dir.Combine("external.onnx"))
        );
    }

    [OnnxPythonFact]
    public void Streamed_large_initializer_loads_in_onnx_whole()
    {
        // 300 MiB: length prefixes of 5 bytes, like the 1 GiB case, at a third of onnx's memory use.
        const long size = 300L << 20;
        var path = OnnxModels.Large(size).Save(_dir.Combine("large.onnx"));

        var output = OnnxPython.Run(
            "import sys, onnx; m = onnx.load(sys.argv[1]); t = m.graph.initializer[0]; print(t.name, t.dims[0], len(t.raw_data))",
            path
        );

        Assert.Equal($"blob {size} {size}", output.Trim());
    }

    [OnnxPythonFact]
    public void Reader_agrees_with_onnx_on_builder_models()
    {
        var path = new OnnxModelBuilder()
            .IrVersion(7)
            .Producer("agreement", "1")
            .GraphName("g")
            .Opset("", 12)
            .Opset("ai.onnx.ml", 2)
            .Metadata("a", "1")
            .Input("x", OnnxElementType.Float16, OnnxType.Shape("batch", null, 3), "doc x")
            .Input("s", OnnxElementType.Int64, OnnxType.Shape())
            .Input("u", OnnxElementType.String, shape: null)
            .FloatInitializer("w", [1], 1f)
            .Output("y", OnnxElementType.Bool, OnnxType.Shape(7))
            .Save(_dir.Combine("m.onnx"));

        AssertAgrees(path);
    }

    [OnnxPythonFact(
        TestModels.SileroVadLegacy,
        TestModels.SileroVadV5,
        TestModels.WakeWordEmbedding,
        TestModels.WakeWordMelSpectrogram,
        TestModels.WakeWordHeyJarvis
    )]
    public void Reader_agrees_with_onnx_on_real_models()
    {
        foreach (var model in TestModels.All)
            AssertAgrees(TestModels.Require(model));
    }

    private static void AssertAgrees(string path)
    {
        using var expected = JsonDocument.Parse(OnnxPython.Run(DescribeScript, path));
        var root = expected.RootElement;
        var info = OnnxReader.Read(path);

        Assert.Equal(root.GetProperty("ir").GetInt64(), info.IrVersion);
        Assert.Equal(root.GetProperty("producer").GetString(), info.ProducerName);
        Assert.Equal(root.GetProperty("graph").GetString(), info.GraphName);
        Assert.Equal(
            root.GetProperty("opsets").EnumerateArray().Select(o => new OnnxOpset(o[0].GetString()!, o[1].GetInt64())),
            info.Opsets
        );
        Assert.Equal(
            root.GetProperty("metadata")
                .EnumerateArray()
                .Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)),
            info.Metadata
        );
        AssertValues(root.GetProperty("inputs"), info.Inputs);
        AssertValues(root.GetProperty("outputs"), info.Outputs);
    }

    private static void AssertValues(JsonElement expected, IReadOnlyList<OnnxValueInfo> actual)
    {
        Assert.Equal(expected.GetArrayLength(), actual.Count);
        foreach (var (e, a) in expected.EnumerateArray().Zip(actual))
        {
            Assert.Equal(e.GetProperty("name").GetString(), a.Name);
            Assert.Equal(e.GetProperty("elem").GetInt32(), (int)a.ElementType);
            Assert.Equal(e.GetProperty("doc").GetString(), a.DocString);
            var dims = e.GetProperty("dims");
            if (dims.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(a.Shape);
                continue;
            }
            var expectedDims = dims.EnumerateArray()
                .Select(d =>
                    d.ValueKind switch
                    {
                        JsonValueKind.String => OnnxDim.Symbolic(d.GetString()!),
                        JsonValueKind.Number => OnnxDim.Fixed(d.GetInt64()),
                        _ => OnnxDim.Unknown,
                    }
                );
            Assert.Equal(expectedDims, a.Shape!);
        }
    }
}
