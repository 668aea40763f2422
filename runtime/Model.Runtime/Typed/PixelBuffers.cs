using System.Buffers;

namespace ModelRuntime.Typed;

/// <summary>
/// Byte buffers for decoded and resized pixels from <see cref="ArrayPool{T}.Shared"/>: a fresh large array costs a
/// page fault per 4 KiB on first touch (about 10 µs each on the VM of bench/RESULTS.md, as much as the JPEG decode
/// itself). Buffers over <see cref="MaxPooled"/> (a photo over ~4 megapixels decoded at full size) are allocated
/// and left to the GC instead, so the pool does not keep hundreds of MiB after one large image.
/// </summary>
internal static class PixelBuffers
{
    public const int MaxPooled = 16 << 20;

    /// <summary>At least <paramref name="length"/> bytes, not zeroed.</summary>
    public static byte[] Rent(int length) =>
        length > MaxPooled ? GC.AllocateUninitializedArray<byte>(length) : ArrayPool<byte>.Shared.Rent(length);

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooled)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
