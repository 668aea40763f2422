namespace ModelRuntime.Typed;

/// <summary>
/// An 8-bit image as OpenCV holds one after <c>cv2.imdecode(..., IMREAD_COLOR)</c>: rows of B, G, R bytes. The
/// decoder's images live in pooled buffers (<see cref="PixelBuffers"/>): dispose one to give its buffer back.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private byte[]? _buffer;
    private readonly bool _pooled;

    /// <summary>An image over <paramref name="bgr"/> (at least <c>width * height * 3</c> bytes), not pooled.</summary>
    public DecodedImage(int width, int height, byte[] bgr)
        : this(width, height, bgr, pooled: false) { }

    private DecodedImage(int width, int height, byte[] bgr, bool pooled)
    {
        if (bgr.LongLength < (long)width * height * 3)
            throw new ArgumentException($"{bgr.Length} bytes do not hold {width}x{height} BGR pixels", nameof(bgr));
        (Width, Height, _buffer, _pooled) = (width, height, bgr, pooled);
        (OriginalWidth, OriginalHeight) = (width, height);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>
    /// 1, or the libjpeg DCT scale denominator (2, 4, 8) of a reduced decode: a reduced pixel covers
    /// <c>Reduction × Reduction</c> pixels of the image as sent, so pixel-edge coordinate <c>x</c> here is
    /// <c>x * Reduction</c> there.
    /// </summary>
    public int Reduction { get; private init; } = 1;

    /// <summary>The upright size of the image as sent (equal to Width and Height unless reduced).</summary>
    public int OriginalWidth { get; private init; }

    public int OriginalHeight { get; private init; }

    /// <summary>The pixels, <c>Width * Height * 3</c> bytes.</summary>
    public ReadOnlySpan<byte> Bgr =>
        (_buffer ?? throw new ObjectDisposedException(nameof(DecodedImage))).AsSpan(0, Width * Height * 3);

    /// <summary>An image in a rented buffer of at least <c>width * height * 3</c> bytes, filled by the caller.</summary>
    internal static DecodedImage Rent(int width, int height) =>
        new(width, height, PixelBuffers.Rent(checked(width * height * 3)), pooled: true);

    /// <summary>This image (its buffer moves) marked as decoded at 1/<paramref name="reduction"/> scale.</summary>
    internal DecodedImage Reduced(int reduction, int originalWidth, int originalHeight)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null) ?? throw new ObjectDisposedException(nameof(DecodedImage));
        return new DecodedImage(Width, Height, buffer, _pooled)
        {
            Reduction = reduction,
            OriginalWidth = originalWidth,
            OriginalHeight = originalHeight,
        };
    }

    /// <summary>The rented buffer to fill (<see cref="Rent"/>).</summary>
    internal Span<byte> Pixels => _buffer.AsSpan(0, Width * Height * 3);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _pooled)
            PixelBuffers.Return(buffer);
    }
}
