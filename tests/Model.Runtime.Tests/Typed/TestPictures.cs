using SkiaSharp;

namespace ModelRuntime.Tests.Typed;

/// <summary>Pictures made in code: a gradient with shapes, encoded by SkiaSharp, and a hand-written GIF.</summary>
internal static class TestPictures
{
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, int seed = 0)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            bitmap.SetPixel(
                x,
                y,
                new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x * 7 + y * 13 + seed) % 256))
            );
        using var data = bitmap.Encode(format, 100);
        return data.ToArray();
    }

    /// <summary>
    /// A GIF89a with two frames of <paramref name="width"/> × <paramref name="height"/> palette indices
    /// (<paramref name="frame0"/>, <paramref name="frame1"/>) over a 256-colour palette where index i is
    /// RGB (i, 255 - i, i / 2). LZW with a clear code every 250 pixels keeps every code 9 bits wide.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[] frame0, byte[] frame1)
    {
        var o = new List<byte>();
        o.AddRange("GIF89a"u8.ToArray());
        Short(o, width);
        Short(o, height);
        o.AddRange([0xF7, 0, 0]);
        for (var i = 0; i < 256; i++)
            o.AddRange([(byte)i, (byte)(255 - i), (byte)(i / 2)]);
        foreach (var frame in new[] { frame0, frame1 })
        {
            o.Add(0x2C);
            Short(o, 0);
            Short(o, 0);
            Short(o, width);
            Short(o, height);
            o.Add(0);
            o.Add(8);
            var lzw = Lzw(frame);
            for (var at = 0; at < lzw.Length; at += 255)
            {
                var n = Math.Min(255, lzw.Length - at);
                o.Add((byte)n);
                o.AddRange(lzw.AsSpan(at, n).ToArray());
            }
            o.Add(0);
        }
        o.Add(0x3B);
        return [.. o];
    }

    private static byte[] Lzw(byte[] pixels)
    {
        var bits = new List<bool>();
        void Code(int c)
        {
            for (var b = 0; b < 9; b++)
                bits.Add(((c >> b) & 1) != 0);
        }
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i % 250 == 0)
                Code(256);
            Code(pixels[i]);
        }
        Code(257);
        var bytes = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
            if (bits[i])
                bytes[i / 8] |= (byte)(1 << (i % 8));
        return bytes;
    }

    private static void Short(List<byte> o, int v) => o.AddRange([(byte)v, (byte)(v >> 8)]);
}
