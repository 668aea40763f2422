using ModelSdk.Onnx;

namespace ModelSdk.Testing;

/// <summary>Ready-made models that ONNX Runtime can run, with fixed weights (same bytes on every run).</summary>
public static class OnnxModels
{
    /// <summary>Weights of <see cref="LinearClassifier"/>, row-major [4,3].</summary>
    public static readonly float[] ClassifierWeights =
    [
        0.5f,
        -0.25f,
        -0.75f,
        1.25f,
        0.125f,
        -1.0f,
        -1.5f,
        0.375f,
        1.25f,
        -0.625f,
        -0.5f,
        1.125f,
    ];

    public static readonly float[] ClassifierBias = [0.25f, 0.5f, -0.75f];

    /// <summary>
    /// input "input" FP32 [batch,4] -> MatMul W[4,3] -> Add bias[3] -> Softmax(axis=-1) -> "probabilities"
    /// FP32 [batch,3]. Opset 13, IR version 8: the model the aimodel template ships.
    /// </summary>
    public static OnnxModelBuilder LinearClassifier() =>
        new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .Producer("Model.Sdk.ModelGen", "1.0")
            .GraphName("linear_classifier")
            .DocString("A linear classifier over 4 features with 3 classes (softmax probabilities).")
            .FloatInitializer("weights", [4, 3], ClassifierWeights)
            .FloatInitializer("bias", [3], ClassifierBias)
            .Input("input", OnnxElementType.Float, OnnxType.Shape("batch", 4), "Four features per row.")
            .Node("MatMul", ["input", "weights"], ["logits_raw"])
            .Node("Add", ["logits_raw", "bias"], ["logits"])
            .Node("Softmax", ["logits"], ["probabilities"], ("axis", -1L))
            .Output("probabilities", OnnxElementType.Float, OnnxType.Shape("batch", 3), "Probability of each class.");

    /// <summary>What <see cref="LinearClassifier"/> computes, for checking a runtime's answers.</summary>
    public static float[] ClassifierExpected(ReadOnlySpan<float> features)
    {
        var logits = new double[3];
        for (var c = 0; c < 3; c++)
        {
            logits[c] = ClassifierBias[c];
            for (var f = 0; f < 4; f++)
                logits[c] += features[f] * ClassifierWeights[f * 3 + c];
        }
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => (float)(e / sum)).ToArray();
    }

    /// <summary>
    /// input "input" FP32 [batch] -> Identity -> "output"; plus "blob_size" INT64 [1] = Shape(blob), where blob
    /// is one uint8 initializer of <paramref name="bytes"/> bytes (so runtimes keep it).
    /// </summary>
    public static OnnxModelBuilder Large(long bytes, bool realBytes = false) =>
        new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .Producer("Model.Sdk.ModelGen", "1.0")
            .GraphName("large")
            .LargeInitializer("blob", bytes, realBytes)
            .Input("input", OnnxElementType.Float, OnnxType.Shape("batch"))
            .Node("Identity", ["input"], ["output"])
            .Node("Shape", ["blob"], ["blob_size"])
            .Output("output", OnnxElementType.Float, OnnxType.Shape("batch"))
            .Output("blob_size", OnnxElementType.Int64, OnnxType.Shape(1));
}
