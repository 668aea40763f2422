using SkiaSharp;

namespace ModelRuntime.Typed;

/// <summary>
/// ModelImageDecode=Reduced: a JPEG is decoded by libjpeg at scale 1/N (its IDCT makes each 8×8 block 8/N pixels
/// wide, nearly free), N the largest of 8, 4, 2 whose upright result still covers the network size in both axes,
/// so the resize never enlarges it (with or without crop). The pixels are those of OpenCV's
/// <c>cv2.imdecode(bytes, IMREAD_REDUCED_COLOR_N)</c>, not of a full decode; other formats decode at full size.
/// </summary>
public static class JpegReduction
{
    private static readonly int[] Denominators = [8, 4, 2];

    /// <summary>The scale denominator N (1: full size) and the size decoded at it, as stored (before orientation).</summary>
    public static (int N, int Width, int Height) Choose(SKCodec codec, int minWidth, int minHeight)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
            return (1, width, height);
        var transposed = Transposes(codec.EncodedOrigin);
        foreach (var n in Denominators)
        {
            var size = codec.GetScaledDimensions(1f / n);
            // libjpeg's size at 1/N (rounded up), as OpenCV gets; Skia picks the nearest scale it supports.
            if (size.Width != (width + n - 1) / n || size.Height != (height + n - 1) / n)
                continue;
            var (upright, uprightHeight) = transposed ? (size.Height, size.Width) : (size.Width, size.Height);
            if (upright >= minWidth && uprightHeight >= minHeight)
                return (n, size.Width, size.Height);
        }
        return (1, width, height);
    }

    /// <summary>EXIF orientations 5 to 8 swap width and height.</summary>
    public static bool Transposes(SKEncodedOrigin origin) =>
        origin is >= SKEncodedOrigin.LeftTop and <= SKEncodedOrigin.LeftBottom;
}
