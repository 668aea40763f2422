namespace ModelRuntime.OnnxRuntime;

/// <summary>GraphOptimizationLevel values of the C API.</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>Session options; zero threads means ONNX Runtime's default.</summary>
public sealed record SessionSettings(
    int IntraOpThreads = 0,
    int InterOpThreads = 0,
    GraphOptimizationLevel OptimizationLevel = GraphOptimizationLevel.All
);
