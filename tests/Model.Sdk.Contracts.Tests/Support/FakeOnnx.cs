using ModelSdk.Onnx;

namespace ModelSdk.Contracts.Tests.Support;

/// <summary>Hand-built <see cref="OnnxModelInfo"/> records, for compiler tests independent of the ONNX reader.</summary>
public static class FakeOnnx
{
    /// <summary>Dims: int/long fixed, string symbolic, null unknown.</summary>
    public static OnnxValueInfo Tensor(string name, OnnxElementType type, params object?[] dims) =>
        new(name, OnnxValueKind.Tensor, type, ToDims(dims), $"tensor({OnnxDatatypes.OnnxName(type)})", "");

    public static OnnxValueInfo UnknownRank(string name, OnnxElementType type) =>
        new(name, OnnxValueKind.Tensor, type, null, $"tensor({OnnxDatatypes.OnnxName(type)})", "");

    public static OnnxValueInfo NonTensor(string name, OnnxValueKind kind, string typeText) =>
        new(name, kind, OnnxElementType.Undefined, null, typeText, "");

    public static OnnxModelInfo Info(IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs) =>
        new(
            IrVersion: 8,
            ProducerName: "pytorch",
            ProducerVersion: "2.3.0",
            Domain: "",
            ModelVersion: 1,
            DocString: "A test model.",
            GraphName: "main",
            GraphDocString: "",
            Opsets: [new OnnxOpset("", 17)],
            Metadata: [new("zeta", "last"), new("alpha", "first")],
            Inputs: inputs,
            Outputs: outputs,
            ExternalDataFiles: []
        );

    /// <summary>Image classifier: input FP32 [N,3,224,224], output "scores" FP32 [N,<paramref name="classes"/>].</summary>
    public static OnnxModelInfo Classifier(int classes = 3) =>
        Info(
            [Tensor("x", OnnxElementType.Float, "N", 3, 224, 224)],
            [Tensor("scores", OnnxElementType.Float, "N", classes)]
        );

    public static Func<string, OnnxModelInfo> Returns(OnnxModelInfo info) => _ => info;

    private static OnnxDim[] ToDims(object?[] dims) =>
        dims.Select(d =>
                d switch
                {
                    null => OnnxDim.Unknown,
                    int i => OnnxDim.Fixed(i),
                    long l => OnnxDim.Fixed(l),
                    string s => OnnxDim.Symbolic(s),
                    _ => throw new ArgumentException($"bad dim {d}"),
                }
            )
            .ToArray();
}
