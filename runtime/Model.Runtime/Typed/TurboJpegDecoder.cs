namespace ModelRuntime.Typed;

/// <summary>
/// A JPEG decoded by <see cref="TurboJpeg"/> into the same BGR pixels Skia gives (the same libjpeg-turbo code: ISLOW
/// IDCT, fancy upsampling, its scaled IDCT for 1/N; the SIMD paths are bit-exact with the C ones). One decompressor
/// per thread. Null means "decode with Skia": a colour space other than YCbCr or grey (CMYK, YCCK, RGB), a scale
/// TurboJPEG would not pick as 1/N, or any error or warning of the library (Skia then gives today's pixels or 400).
/// </summary>
internal static unsafe class TurboJpegDecoder
{
    [ThreadStatic]
    private static Decompressor? _decompressor;

    private static readonly Lazy<TurboJpeg.ScalingFactor[]> Factors = new(TurboJpeg.ScalingFactors);

    /// <summary>
    /// The upright BGR image at 1/<paramref name="n"/> scale of a JPEG stored <paramref name="width"/> ×
    /// <paramref name="height"/> (as Skia read its header), EXIF <paramref name="orientation"/> applied.
    /// </summary>
    public static DecodedImage? TryDecode(ReadOnlySpan<byte> jpeg, int width, int height, int n, int orientation)
    {
        var handle = (_decompressor ??= new Decompressor()).Handle;
        if (handle == 0)
            return null;
        fixed (byte* source = jpeg)
        {
            int w,
                h,
                subsampling,
                colorspace;
            var size = (nuint)jpeg.Length;
            if (TurboJpeg.Api.DecompressHeader3(handle, source, size, &w, &h, &subsampling, &colorspace) != 0)
                return null;
            if ((w, h) != (width, height) || colorspace is not (TurboJpeg.ColorspaceYCbCr or TurboJpeg.ColorspaceGray))
                return null;
            var (dw, dh) = ((width + n - 1) / n, (height + n - 1) / n);
            if (!PicksOneOver(n, width, height, dw, dh))
                return null;
            return orientation is < 2 or > 8
                ? DecodeUpright(handle, source, size, dw, dh)
                : DecodeOriented(handle, source, size, dw, dh, orientation);
        }
    }

    /// <summary>This thread's last TurboJPEG error (tjGetErrorStr2): why <see cref="TryDecode"/> gave null.</summary>
    public static string? LastError => _decompressor is { Handle: not 0 } d ? TurboJpeg.Error(d.Handle) : null;

    private static DecodedImage? DecodeUpright(nint handle, byte* source, nuint size, int width, int height)
    {
        var image = DecodedImage.Rent(width, height);
        fixed (byte* bgr = image.Pixels)
        {
            if (Decompress(handle, source, size, bgr, width, height, TurboJpeg.PixelFormatBgr))
                return image;
        }
        image.Dispose();
        return null;
    }

    private static DecodedImage? DecodeOriented(
        nint handle,
        byte* source,
        nuint size,
        int width,
        int height,
        int orientation
    )
    {
        var bgrx = PixelBuffers.Rent(width * height * 4); // at most 256 MiB: MaxPixels
        try
        {
            fixed (byte* pixels = bgrx)
            {
                if (!Decompress(handle, source, size, pixels, width, height, TurboJpeg.PixelFormatBgrx))
                    return null;
            }
            return ExifOrientation.Apply(bgrx.AsSpan(0, width * height * 4), width, height, orientation);
        }
        finally
        {
            PixelBuffers.Return(bgrx);
        }
    }

    private static bool Decompress(nint handle, byte* source, nuint size, byte* pixels, int w, int h, int format) =>
        TurboJpeg.Api.Decompress2(handle, source, size, pixels, w, 0, h, format, TurboJpeg.FlagAccurateDct) == 0;

    // tjDecompress2 takes the first (largest) scaling factor whose size fits the one asked for: it must be 1/n.
    private static bool PicksOneOver(int n, int width, int height, int dw, int dh)
    {
        foreach (var f in Factors.Value)
        {
            if (Scaled(width, f) <= dw && Scaled(height, f) <= dh)
                return f.Num * n == f.Denom && Scaled(width, f) == dw && Scaled(height, f) == dh;
        }
        return false;
    }

    private static int Scaled(int dimension, TurboJpeg.ScalingFactor f) =>
        (int)(((long)dimension * f.Num + f.Denom - 1) / f.Denom);

    /// <summary>A tjhandle for one thread, destroyed when the thread (and so this object) is gone.</summary>
    private sealed class Decompressor
    {
        public nint Handle { get; } = TurboJpeg.Api.InitDecompress();

        ~Decompressor()
        {
            if (Handle != 0)
                TurboJpeg.Api.Destroy(Handle);
        }
    }
}
