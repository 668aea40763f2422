namespace ModelRuntime.Typed;

/// <summary>Turns decoded RGBA pixels into upright BGR, as OpenCV's ApplyExifOrientation does (values 1 to 8).</summary>
public static class ExifOrientation
{
    public static DecodedImage Apply(byte[] rgba, int width, int height, int orientation)
    {
        var transposed = orientation is >= 5 and <= 8;
        var (outWidth, outHeight) = transposed ? (height, width) : (width, height);
        var bgr = new byte[(long)outWidth * outHeight * 3];
        if (orientation is < 2 or > 8)
        {
            // Upright already (the common case): RGBA to BGR in one pass.
            for (long s = 0, d = 0; d < bgr.LongLength; s += 4, d += 3)
            {
                bgr[d] = rgba[s + 2];
                bgr[d + 1] = rgba[s + 1];
                bgr[d + 2] = rgba[s];
            }
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
