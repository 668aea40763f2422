using System.Runtime.Intrinsics;

namespace ModelRuntime.Typed;

/// <summary>
/// The two passes of <see cref="LinearResize"/> for 8-bit BGR rows, with OpenCV's fixed-point arithmetic: horizontal
/// (source bytes times 11-bit weights into ints) and vertical (two int rows into bytes). Vector128 where the data is
/// contiguous (the JIT maps it to SSE or NEON, and to scalar code where neither exists); the results are the same
/// integers as the scalar formula, lane by lane.
/// </summary>
internal static class ResizeRows
{
    private const int Channels = 3;

    /// <summary>Per destination byte: the source byte offsets of its two taps and their weights.</summary>
    internal sealed record Taps(int[] Near, int[] Far, int[] Weight0, int[] Weight1);

    public static Taps HorizontalTaps(int sw, int x0, int width, double scaleX)
    {
        var n = width * Channels;
        var taps = new Taps(new int[n], new int[n], new int[n], new int[n]);
        for (var i = 0; i < width; i++)
        {
            var fx = (float)((i + x0 + 0.5) * scaleX - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
                (fx, sx) = (0, 0);
            if (sx >= sw - 1)
                (fx, sx) = (0, sw - 1);
            for (var c = 0; c < Channels; c++)
            {
                var d = i * Channels + c;
                taps.Near[d] = sx * Channels + c;
                taps.Far[d] = (sx + 1 < sw ? sx + 1 : sx) * Channels + c;
                taps.Weight0[d] = LinearResize.Weight(1f - fx);
                taps.Weight1[d] = LinearResize.Weight(fx);
            }
        }
        return taps;
    }

    public static void Horizontal(ReadOnlySpan<byte> line, Taps taps, Span<int> row)
    {
        ReadOnlySpan<int> near = taps.Near;
        var far = taps.Far.AsSpan(0, near.Length);
        var w0 = taps.Weight0.AsSpan(0, near.Length);
        var w1 = taps.Weight1.AsSpan(0, near.Length);
        row = row[..near.Length];
        for (var d = 0; d < near.Length; d++)
            row[d] = line[near[d]] * w0[d] + line[far[d]] * w1[d];
    }

    // Rows hold at most 255 * 2048, so r >> 4 fits a short and the sum fits a byte: OpenCV's saturations never act,
    // and (r >> 4) * b (at most 32640 * 2048) fits an int, so 32-bit lanes give OpenCV's 16-bit multiply-high.
    public static void Vertical(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, int b0, int b1, Span<byte> dst)
    {
        r0 = r0[..dst.Length];
        r1 = r1[..dst.Length];
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var (v0, v1, two) = (Vector128.Create(b0), Vector128.Create(b1), Vector128.Create(2));
            for (; x + 16 <= dst.Length; x += 16)
            {
                var a = Vertical4(r0.Slice(x), r1.Slice(x), v0, v1, two);
                var b = Vertical4(r0.Slice(x + 4), r1.Slice(x + 4), v0, v1, two);
                var c = Vertical4(r0.Slice(x + 8), r1.Slice(x + 8), v0, v1, two);
                var d = Vertical4(r0.Slice(x + 12), r1.Slice(x + 12), v0, v1, two);
                // Values are 0..255, so narrowing (which truncates) is exact.
                Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).AsByte().CopyTo(dst.Slice(x));
            }
        }
        for (; x < dst.Length; x++)
            dst[x] = (byte)(((((r0[x] >> 4) * b0) >> 16) + (((r1[x] >> 4) * b1) >> 16) + 2) >> 2);
    }

    private static Vector128<int> Vertical4(
        ReadOnlySpan<int> r0,
        ReadOnlySpan<int> r1,
        Vector128<int> b0,
        Vector128<int> b1,
        Vector128<int> two
    )
    {
        var a = Vector128.ShiftRightArithmetic(Vector128.ShiftRightArithmetic(Vector128.Create(r0), 4) * b0, 16);
        var b = Vector128.ShiftRightArithmetic(Vector128.ShiftRightArithmetic(Vector128.Create(r1), 4) * b1, 16);
        return Vector128.ShiftRightArithmetic(a + b + two, 2);
    }
}
