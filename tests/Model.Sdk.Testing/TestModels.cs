namespace ModelSdk.Testing;

/// <summary>
/// Real published ONNX models that eng/fetch-test-models.sh downloads into artifacts/test-models/.
/// Locally a test that needs them is skipped when they are absent; in CI (CI=true) it runs and fails.
/// </summary>
public static class TestModels
{
    /// <summary>silero VAD v4 (legacy): input FP32 [batch,sequence], sr INT64 scalar, h/c FP32 [2,batch,64] -> output, hn, cn.</summary>
    public const string SileroVadLegacy = "vad-web/silero_vad_legacy.onnx";

    /// <summary>silero VAD v5: input FP32 [?,?], state FP32 [2,?,128], sr INT64 scalar -> output, stateN.</summary>
    public const string SileroVadV5 = "vad-web/silero_vad_v5.onnx";

    /// <summary>openWakeWord speech embedding (tf2onnx): NHWC image-like input [unk__314,76,32,1].</summary>
    public const string WakeWordEmbedding = "openwakeword/embedding_model.onnx";

    /// <summary>openWakeWord mel spectrogram front end: raw audio [?,?] -> spectrogram.</summary>
    public const string WakeWordMelSpectrogram = "openwakeword/melspectrogram.onnx";

    /// <summary>openWakeWord "hey jarvis" classifier.</summary>
    public const string WakeWordHeyJarvis = "openwakeword/hey_jarvis_v0.1.onnx";

    /// <summary>
    /// PaddleOCR's text-direction classifier (ch_ppocr_mobile_v2.0_cls): x FP32 [N,3,H,W] (PaddleOCR feeds 48x192 BGR,
    /// (pixel - 127.5) / 127.5) -> softmax_0.tmp_0 FP32 [N,2], the probabilities of "0" and "180" degrees.
    /// </summary>
    public const string TextDirection = "ocr-models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    public static IReadOnlyList<string> All { get; } =
    [SileroVadLegacy, SileroVadV5, WakeWordEmbedding, WakeWordMelSpectrogram, WakeWordHeyJarvis, TextDirection];

    public const string FetchHint = "run eng/fetch-test-models.sh to download them";

    /// <summary>artifacts/test-models (or $MODEL_SDK_TEST_MODELS), whether or not it exists.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable("MODEL_SDK_TEST_MODELS") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepoRoot.Path, "artifacts", "test-models");

    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of a model, or null when it has not been downloaded.</summary>
    public static string? Find(string model)
    {
        var path = Path.Combine(Folder, model);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The full path of a model; throws (failing the test) with a hint when it is absent.</summary>
    public static string Require(string model) =>
        Find(model)
        ?? throw new FileNotFoundException($"Test model {model} is missing from {Folder}: {FetchHint}.", model);

    /// <summary>A skip reason when a model is absent outside CI; null when the test must run.</summary>
    public static string? SkipReason(params string[] models)
    {
        var missing = models.Where(m => Find(m) is null).ToArray();
        if (missing.Length == 0 || InCi)
            return null;
        return $"Test models missing ({string.Join(", ", missing)}): {FetchHint}.";
    }
}
