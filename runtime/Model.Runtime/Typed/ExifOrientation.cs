using System.Runtime.Intrinsics;

namespace ModelRuntime.Typed;

/// <summary>Turns decoded RGBA pixels into upright BGR, as OpenCV's ApplyExifOrientation does (values 1 to 8).</summary>
public static class ExifOrientation
{
    public static DecodedImage Apply(byte[] rgba, int width, int height, int orientation)
    {
        var transposed = orientation is >= 5 and <= 8;
        var (outWidth, outHeight) = transposed ? (height, width) : (width, height);
        var bgr = GC.AllocateUninitializedArray<byte>(checked(outWidth * outHeight * 3));
        if (orientation is < 2 or > 8)
        {
            // Upright already (the common case): RGBA to BGR in one pass.
            UprightToBgr(rgba, bgr);
            return new DecodedImage(outWidth, outHeight, bgr);
        }
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var (sx, sy) = Source(orientation, x, y, width, height);
                var s = ((long)sy * width + sx) * 4;
                var d = ((long)y * outWidth + x) * 3;
                bgr[d] = rgba[s + 2];
                bgr[d + 1] = rgba[s + 1];
                bgr[d + 2] = rgba[s];
            }
        }
        return new DecodedImage(outWidth, outHeight, bgr);
    }

    private static void UprightToBgr(ReadOnlySpan<byte> rgba, Span<byte> bgr)
    {
        var pixels = bgr.Length / 3;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 4 RGBA pixels in, 12 BGR bytes out (one byte shuffle); the 16-byte store writes 4 bytes the next
            // round overwrites, so it stops while 16 bytes still fit.
            var mask = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 15, 15, 15, 15);
            for (; i * 3 + 16 <= bgr.Length; i += 4)
                Vector128.Shuffle(Vector128.Create(rgba.Slice(i * 4, 16)), mask).CopyTo(bgr.Slice(i * 3, 16));
        }
        for (; i < pixels; i++)
        {
            bgr[i * 3] = rgba[i * 4 + 2];
            bgr[i * 3 + 1] = rgba[i * 4 + 1];
            bgr[i * 3 + 2] = rgba[i * 4];
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
