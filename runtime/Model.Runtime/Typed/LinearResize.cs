namespace ModelRuntime.Typed;

/// <summary>
/// <c>cv2.resize(src, dsize, fx, fy, INTER_LINEAR)</c> for 8-bit 3-channel images, reproduced from OpenCV 4.x:
/// half-pixel centres, edge pixels repeated, no antialiasing, 11-bit fixed-point weights. Vertical rounding is
/// OpenCV's SIMD one (<c>VResizeLinearVec_32s8u</c>: <c>((r0 &gt;&gt; 4) * b0 &gt;&gt; 16) + ((r1 &gt;&gt; 4) * b1 &gt;&gt; 16)</c>,
/// then <c>(v + 2) &gt;&gt; 2</c>), which Debian's x86-64 build applies to whole rows (checked against
/// python3-opencv 4.6, tails included); an exact 2× reduction is a 2×2 average, as OpenCV switches to INTER_AREA.
/// </summary>
public static class LinearResize
{
    private const int Bits = 11;
    private const int One = 1 << Bits;
    private const int Channels = 3;

    /// <param name="invScaleX">Destination pixels per source pixel (OpenCV's inv_scale_x).</param>
    public static byte[] Resize(
        ReadOnlySpan<byte> src,
        int sw,
        int sh,
        int dw,
        int dh,
        double invScaleX,
        double invScaleY
    )
    {
        var dst = GC.AllocateUninitializedArray<byte>(dw * dh * Channels);
        Resize(src, sw, sh, new Window(dw, dh, 0, 0, dw, dh), invScaleX, invScaleY, dst);
        return dst;
    }

    /// <summary>
    /// The <paramref name="window"/> of the <c>FullWidth × FullHeight</c> resize, computed alone: each destination
    /// pixel depends only on its own coordinates, so a centre crop costs only the pixels it keeps. Writes
    /// <c>Width * Height * 3</c> bytes of <paramref name="dst"/>.
    /// </summary>
    public static void Resize(
        ReadOnlySpan<byte> src,
        int sw,
        int sh,
        Window window,
        double invScaleX,
        double invScaleY,
        Span<byte> dst
    )
    {
        var (dw, dh, x0, y0, width, height) = window;
        if (sw == dw && sh == dh)
        {
            Copy(src, sw, window, dst);
            return;
        }
        double scaleX = 1 / invScaleX,
            scaleY = 1 / invScaleY;
        if (IsExactly(scaleX, 2) && IsExactly(scaleY, 2))
        {
            HalveByArea(src, sw, window, dst);
            return;
        }
        var taps = ResizeRows.HorizontalTaps(sw, x0, width, scaleX);
        var rowWidth = width * Channels;
        var row0 = new int[rowWidth];
        var row1 = new int[rowWidth];
        int have0 = -1,
            have1 = -1;
        for (var dy = 0; dy < height; dy++)
        {
            var fy = (float)((dy + y0 + 0.5) * scaleY - 0.5);
            var sy = (int)MathF.Floor(fy);
            fy -= sy;
            int b0 = Weight(1f - fy),
                b1 = Weight(fy);
            // Consecutive destination rows often share source rows (always when enlarging): reuse them.
            int k0 = Math.Clamp(sy, 0, sh - 1),
                k1 = Math.Clamp(sy + 1, 0, sh - 1);
            if (k0 != have0)
            {
                if (k0 == have1)
                {
                    (row0, row1) = (row1, row0);
                    (have0, have1) = (have1, have0);
                }
                else
                {
                    ResizeRows.Horizontal(Line(src, sw, k0), taps, row0);
                    have0 = k0;
                }
            }
            if (k1 != have1)
            {
                ResizeRows.Horizontal(Line(src, sw, k1), taps, row1);
                have1 = k1;
            }
            ResizeRows.Vertical(row0, row1, b0, b1, dst.Slice(dy * rowWidth, rowWidth));
        }
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> src, int sw, int y) =>
        src.Slice(y * sw * Channels, sw * Channels);

    private static void Copy(ReadOnlySpan<byte> src, int sw, Window window, Span<byte> dst)
    {
        var (_, _, x0, y0, width, height) = window;
        var rowWidth = width * Channels;
        for (var y = 0; y < height; y++)
            src.Slice(((y + y0) * sw + x0) * Channels, rowWidth).CopyTo(dst.Slice(y * rowWidth, rowWidth));
    }

    private static void HalveByArea(ReadOnlySpan<byte> src, int sw, Window window, Span<byte> dst)
    {
        var (_, _, x0, y0, width, height) = window;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var s0 = (2 * (y + y0) * sw + 2 * (x + x0)) * Channels;
                var s1 = s0 + sw * Channels;
                for (var c = 0; c < Channels; c++)
                {
                    var sum = src[s0 + c] + src[s0 + Channels + c] + src[s1 + c] + src[s1 + Channels + c];
                    dst[(y * width + x) * Channels + c] = (byte)((sum + 2) >> 2);
                }
            }
        }
    }

    // saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE): float product, rounded half to even.
    internal static int Weight(float w) => (int)MathF.Round(w * One, MidpointRounding.ToEven);

    private static bool IsExactly(double value, int integer) => Math.Abs(value - integer) < 2.220446049250313e-16;

    /// <summary>The part (<c>X0, Y0, Width × Height</c>) of a <c>FullWidth × FullHeight</c> resize to compute.</summary>
    public readonly record struct Window(int FullWidth, int FullHeight, int X0, int Y0, int Width, int Height);
}
