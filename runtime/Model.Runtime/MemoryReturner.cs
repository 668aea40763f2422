using System.Runtime;

namespace ModelRuntime;

/// <summary>
/// Gives memory back after a large request. Its buffers (request message, tensors, response) are large-object-heap
/// arrays that stay resident until the next full collection, which an idle server never starts: one aggressive
/// collection shortly after such a request returns them to the system.
/// </summary>
public static class MemoryReturner
{
    public const long LargeRequestBytes = 16L << 20;
    private static int _scheduled;

    public static void AfterRequest(long bytes)
    {
        if (bytes < LargeRequestBytes || Interlocked.Exchange(ref _scheduled, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(200);
            Interlocked.Exchange(ref _scheduled, 0);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        });
    }
}
