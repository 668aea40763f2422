using System.Runtime.Intrinsics;

namespace ModelRuntime.Typed;

/// <summary>
/// Turns decoded BGRA pixels (Skia's native order on little-endian machines) into upright BGR in a pooled image, as
/// OpenCV's ApplyExifOrientation does (values 1 to 8).
/// </summary>
public static class ExifOrientation
{
    public static DecodedImage Apply(ReadOnlySpan<byte> bgra, int width, int height, int orientation)
    {
        var transposed = orientation is >= 5 and <= 8;
        var (outWidth, outHeight) = transposed ? (height, width) : (width, height);
        var image = DecodedImage.Rent(outWidth, outHeight);
        var bgr = image.Pixels;
        if (orientation is < 2 or > 8)
        {
            // Upright already (the common case): BGRA to BGR in one pass.
            UprightToBgr(bgra, bgr);
            return image;
        }
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var (sx, sy) = Source(orientation, x, y, width, height);
                var s = (sy * width + sx) * 4; // at most MaxPixels * 4: fits an int
                var d = (y * outWidth + x) * 3;
                bgr[d] = bgra[s];
                bgr[d + 1] = bgra[s + 1];
                bgr[d + 2] = bgra[s + 2];
            }
        }
        return image;
    }

    private static void UprightToBgr(ReadOnlySpan<byte> bgra, Span<byte> bgr)
    {
        var pixels = bgr.Length / 3;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 4 BGRA pixels in, 12 BGR bytes out (one byte shuffle); the 16-byte store writes 4 bytes the next
            // round overwrites, so it stops while 16 bytes still fit.
            var mask = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 15, 15, 15);
            for (; i * 3 + 16 <= bgr.Length; i += 4)
                Vector128.Shuffle(Vector128.Create(bgra.Slice(i * 4, 16)), mask).CopyTo(bgr.Slice(i * 3, 16));
        }
        for (; i < pixels; i++)
        {
            bgr[i * 3] = bgra[i * 4];
            bgr[i * 3 + 1] = bgra[i * 4 + 1];
            bgr[i * 3 + 2] = bgra[i * 4 + 2];
        }
    }

    // Where upright pixel (x, y) is stored in an image of width w and height h.
    private static (int X, int Y) Source(int orientation, int x, int y, int w, int h) =>
        orientation switch
        {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            8 => (w - 1 - y, x),
            _ => (x, y),
        };
}
