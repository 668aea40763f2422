namespace ModelRuntime.OnnxRuntime;

/// <summary>GraphOptimizationLevel values of the C API.</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>
/// Session options; zero threads means ONNX Runtime's default. <see cref="SpinWhenIdle"/> false makes ONNX Runtime's
/// worker threads sleep between runs instead of spinning (its default): a process that does work of its own between
/// runs on the same cores, like batch prediction, then gets them back. <see cref="MemoryArena"/> true keeps the
/// memory of one run for the next (ONNX Runtime's default); off (ours), memory a large request needed goes back to the
/// system when the run ends, at the cost of fresh pages in every run.
/// </summary>
public sealed record SessionSettings(
    int IntraOpThreads = 0,
    int InterOpThreads = 0,
    GraphOptimizationLevel OptimizationLevel = GraphOptimizationLevel.All,
    bool SpinWhenIdle = true,
    bool MemoryArena = false
);
