using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelRuntime.Tests;

/// <summary>Our ONNX reader (tasks/Model.Sdk.Onnx) and ONNX Runtime must agree on every model's interface.</summary>
public class ContractCrossCheckTests
{
    public static TheoryData<string> RealModels => new(TestModels.All);

    [Theory]
    [MemberData(nameof(RealModels))]
    public void Reader_and_onnx_runtime_agree_on_real_models(string model)
    {
        var path = TestModels.Find(model);
        if (path is null)
        {
            Assert.False(TestModels.InCi, $"{model} missing in CI: {TestModels.FetchHint}");
            return; // Outside CI the download is optional.
        }
        CrossCheck(path);
    }

    [Fact]
    public void Reader_and_onnx_runtime_agree_on_built_models()
    {
        CrossCheck(TestOnnx.WriteTemp(OnnxModels.LinearClassifier().ToBytes()));
        CrossCheck(TestOnnx.WriteTemp(TestOnnx.IdentityAllTypes()));
        CrossCheck(TestOnnx.WriteTemp(TestOnnx.ScalarAndVector()));
    }

    private static void CrossCheck(string path)
    {
        var info = OnnxReader.Read(path);
        using var session = new InferenceSession(path);
        // ONNX Runtime lists graph inputs that are not initializers; so does a contract.
        Compare(info.Inputs, session.Inputs);
        Compare(info.Outputs, session.Outputs);
    }

    private static void Compare(IReadOnlyList<OnnxValueInfo> ours, IReadOnlyList<TensorInfo> runtime)
    {
        Assert.Equal(ours.Select(o => o.Name), runtime.Select(r => r.Name));
        foreach (var (o, r) in ours.Zip(runtime))
        {
            Assert.Equal(o.Kind == OnnxValueKind.Tensor, r.IsTensor);
            if (!r.IsTensor)
                continue;
            Assert.Equal((int)o.ElementType, (int)r.ElementType);
            Assert.NotNull(o.Shape);
            Assert.Equal(o.Shape!.Count, r.Dimensions.Length);
            for (var d = 0; d < r.Dimensions.Length; d++)
            {
                var dim = o.Shape[d];
                Assert.Equal(dim.Value ?? -1, r.Dimensions[d]);
                Assert.Equal(dim.Param ?? "", r.SymbolicDimensions[d] ?? "");
            }
        }
    }
}

/// <summary>Inference on real published models: several inputs and outputs, INT64 scalars, symbolic dims.</summary>
public class RealModelInferenceTests
{
    [TestModelFact(TestModels.SileroVadLegacy)]
    public void Silero_vad_runs_with_an_int64_scalar_and_recurrent_state()
    {
        using var session = new InferenceSession(TestModels.Require(TestModels.SileroVadLegacy));
        var audio = Enumerable.Range(0, 2 * 512).Select(i => (float)Math.Sin(i / 10.0) * 0.3f).ToArray();
        var inputs = new List<KeyValuePair<string, Tensor>>();
        foreach (var input in session.Inputs)
        {
            Tensor tensor = input.Name switch
            {
                "input" => Tensor.FromArray([2, 512], audio),
                "sr" => Tensor.FromArray([], new[] { 16000L }),
                _ => Tensor.FromArray([2, 2, 64], new float[2 * 2 * 64]),
            };
            inputs.Add(new(input.Name, tensor));
        }

        var outputs = session.Run(inputs, session.Outputs.Select(o => o.Name).ToArray());

        Assert.Equal(3, outputs.Length);
        Assert.Equal(2, outputs[0].Shape[0]);
        Assert.All(outputs[0].ToArray<float>(), p => Assert.InRange(p, 0f, 1f));
        Assert.Equal([2L, 2L, 64L], outputs[1].Shape);
        // Same inputs, same answer: the session is deterministic across calls.
        Assert.Equal(outputs[0].Data, session.Run(inputs, [session.Outputs[0].Name])[0].Data);
    }

    [TestModelFact(TestModels.WakeWordMelSpectrogram)]
    public void Mel_spectrogram_runs_with_symbolic_dims()
    {
        using var session = new InferenceSession(TestModels.Require(TestModels.WakeWordMelSpectrogram));
        var input = Assert.Single(session.Inputs);
        Assert.All(input.Dimensions, d => Assert.Equal(-1, d));
        var audio = Enumerable.Range(0, 1 * 1280).Select(i => (float)Math.Sin(i / 7.0) * 1000f).ToArray();

        var output = session.Run([new(input.Name, Tensor.FromArray([1, 1280], audio))], [session.Outputs[0].Name])[0];

        Assert.Equal(OnnxElementType.Float, output.ElementType);
        Assert.True(output.ElementCount > 0);
        Assert.All(output.ToArray<float>(), v => Assert.True(float.IsFinite(v)));
    }
}
