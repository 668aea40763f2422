using System.Collections.Concurrent;
using ModelRuntime.OnnxRuntime;

namespace ModelRuntime.Typed;

/// <summary>
/// Reuses the byte arrays of image input tensors. They are hundreds of KiB (a 224×224 FP32 image is 588 KiB), so
/// they land on the large-object heap, and a fresh one costs a page fault per 4 KiB on first touch: on a VM about as
/// long as the JPEG decode. Arrays are kept by exact length (a tensor's bytes must fit its shape), a few per length
/// and 64 MiB in all; one that is not given back is collected as usual.
/// </summary>
public static class TensorBuffers
{
    private const int PerLength = 4;
    private const long MaxBytes = 64L << 20;
    private const int Smallest = 85_000; // below this the GC's own gen-0 reuse is as good
    private static readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> Free = new();
    private static long _held;

    public static byte[] Rent(int length)
    {
        if (length >= Smallest && Free.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Add(ref _held, -length);
            return array;
        }
        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Gives back the bytes of tensors nothing uses any more (the run that read them has ended).</summary>
    public static void Return(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            var data = tensor.Data;
            if (data.Length < Smallest)
                continue;
            var bag = Free.GetOrAdd(data.Length, _ => []);
            if (bag.Count >= PerLength)
                continue;
            if (Interlocked.Add(ref _held, data.Length) > MaxBytes)
                Interlocked.Add(ref _held, -data.Length);
            else
                bag.Add(data);
        }
    }
}
