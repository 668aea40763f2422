using System.Runtime.InteropServices;
using SkiaSharp;

namespace ModelRuntime.Typed;

/// <summary>
/// Decodes JPEG, PNG, BMP, GIF (first frame) and WebP with SkiaSharp into BGR bytes (JPEG with TurboJPEG when
/// libturbojpeg.so.0 can be loaded, <see cref="TurboJpeg"/>: the same pixels, about twice as fast), as
/// <c>cv2.imdecode</c> with IMREAD_COLOR does: alpha dropped (not blended), grey replicated, no colour-profile
/// conversion, EXIF orientation applied.
/// </summary>
public static class ImageDecoder
{
    public const string Supported = "JPEG, PNG, BMP, GIF or WebP";

    /// <summary>The largest decoded image (pixels) accepted: a small file can claim a huge size.</summary>
    public const long MaxPixels = 64L << 20;

    private static readonly SKEncodedImageFormat[] Formats =
    [
        SKEncodedImageFormat.Jpeg,
        SKEncodedImageFormat.Png,
        SKEncodedImageFormat.Bmp,
        SKEncodedImageFormat.Gif,
        SKEncodedImageFormat.Webp,
    ];

    /// <summary>
    /// The upright BGR image; dispose it to return its pooled buffer. With <paramref name="reduceTo"/> (the network
    /// size), a JPEG is decoded at the smallest DCT scale that still covers it (<see cref="JpegReduction"/>).
    /// </summary>
    public static DecodedImage Decode(
        ReadOnlySpan<byte> bytes,
        string what,
        (int Width, int Height)? reduceTo = null
    ) => Decode(bytes, what, reduceTo, TurboJpeg.Available);

    /// <summary>Why JPEGs are decoded with Skia rather than TurboJPEG (null when TurboJPEG is used).</summary>
    public static string? TurboJpegUnavailable => TurboJpeg.Unavailable;

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte}, string, ValueTuple{int, int}?)"/>; <paramref name="turboJpeg"/>
    /// false decodes JPEGs with Skia (true needs <see cref="TurboJpegUnavailable"/> null).
    /// </summary>
    public static DecodedImage Decode(
        ReadOnlySpan<byte> bytes,
        string what,
        (int Width, int Height)? reduceTo,
        bool turboJpeg
    )
    {
        // One copy of the encoded bytes, into native memory (no managed array); the codec owns the stream.
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        if (codec is null)
            throw TypedErrors.NotAnImage(what, bytes, result.ToString());
        if (!Formats.Contains(codec.EncodedFormat))
            throw TypedErrors.UnsupportedImage(what, codec.EncodedFormat.ToString().ToUpperInvariant());
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
            throw TypedErrors.ImageTooLarge(what, width, height, MaxPixels);
        var (n, dw, dh) = reduceTo is { } size
            ? JpegReduction.Choose(codec, size.Width, size.Height)
            : (1, width, height);
        var image =
            (
                turboJpeg && codec.EncodedFormat == SKEncodedImageFormat.Jpeg
                    ? TurboJpegDecoder.TryDecode(bytes, width, height, n, (int)codec.EncodedOrigin)
                    : null
            ) ?? Decode(codec, what, dw, dh);
        if (n == 1)
            return image;
        var transposed = JpegReduction.Transposes(codec.EncodedOrigin);
        return image.Reduced(n, transposed ? height : width, transposed ? width : height);
    }

    private static DecodedImage Decode(SKCodec codec, string what, int width, int height)
    {
        // BGRA is Skia's native order here (no swizzle in the codec) and BGR is then a drop of every fourth byte.
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var bgra = PixelBuffers.Rent(width * height * 4); // at most 256 MiB: MaxPixels
        try
        {
            var decoded = GetPixels(codec, info, bgra);
            if (decoded != SKCodecResult.Success)
                throw TypedErrors.UndecodableImage(
                    what,
                    codec.EncodedFormat.ToString().ToUpperInvariant(),
                    decoded.ToString()
                );
            return ExifOrientation.Apply(bgra.AsSpan(0, width * height * 4), width, height, (int)codec.EncodedOrigin);
        }
        finally
        {
            PixelBuffers.Return(bgra);
        }
    }

    private static SKCodecResult GetPixels(SKCodec codec, SKImageInfo info, byte[] pixels)
    {
        var pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            return codec.GetPixels(info, pinned.AddrOfPinnedObject());
        }
        finally
        {
            pinned.Free();
        }
    }
}
