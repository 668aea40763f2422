using System.Runtime;

namespace ModelRuntime.Memory;

/// <summary>
/// Gives the memory of large requests back to the operating system. The GC keeps freed large-object memory
/// committed for reuse, so after a request that held at least <see cref="Threshold"/> bytes, once no request
/// holds budget any more, one aggressive compacting collection runs in the background (at most one at a time),
/// followed by malloc_trim for what native code freed. Measured with bench/runtime/memory.sh (bench/RESULTS.md).
/// </summary>
public sealed class MemoryReclaimer(RequestMemoryBudget budget, RuntimeOptions options)
{
    private int _running;
    private int _pending;

    /// <summary>A quarter of the body limit: below that, the GC's own trimming is enough.</summary>
    public long Threshold { get; } = Math.Max(1 << 20, options.MaxRequestBytes / 4);

    public void RequestFinished(long peakBytes)
    {
        if (peakBytes >= Threshold)
            Interlocked.Exchange(ref _pending, 1);
        if (Volatile.Read(ref _pending) == 0 || budget.InUse > 0)
            return;
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            return;
        _ = Task.Run(Collect);
    }

    private void Collect()
    {
        try
        {
            // Still pending while requests hold budget: the last of them to finish starts the collection.
            while (budget.InUse == 0 && Interlocked.Exchange(ref _pending, 0) == 1)
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                NativeHeap.Trim();
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
