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
        var (xofs, alpha) = HorizontalTaps(sw, x0, width, scaleX);
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
                    Horizontal(src, sw, k0, xofs, alpha, row0);
                    have0 = k0;
                }
            }
            if (k1 != have1)
            {
                Horizontal(src, sw, k1, xofs, alpha, row1);
                have1 = k1;
            }
            Vertical(row0, row1, b0, b1, dst.Slice(dy * rowWidth, rowWidth));
        }
    }

    // Rows hold at most 255 * 2048, so r >> 4 fits a short and the sum fits a byte: OpenCV's saturations never act.
    private static void Vertical(int[] row0, int[] row1, int b0, int b1, Span<byte> dst)
    {
        var r0 = row0.AsSpan(0, dst.Length);
        var r1 = row1.AsSpan(0, dst.Length);
        for (var x = 0; x < dst.Length; x++)
            dst[x] = (byte)(((((r0[x] >> 4) * b0) >> 16) + (((r1[x] >> 4) * b1) >> 16) + 2) >> 2);
    }

    private static (int[] Offsets, int[] Alpha) HorizontalTaps(int sw, int x0, int width, double scaleX)
    {
        var xofs = new int[width];
        var alpha = new int[width * 2];
        for (var i = 0; i < width; i++)
        {
            var fx = (float)((i + x0 + 0.5) * scaleX - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
                (fx, sx) = (0, 0);
            if (sx >= sw - 1)
                (fx, sx) = (0, sw - 1);
            xofs[i] = sx;
            alpha[i * 2] = Weight(1f - fx);
            alpha[i * 2 + 1] = Weight(fx);
        }
        return (xofs, alpha);
    }

    private static void Horizontal(ReadOnlySpan<byte> src, int sw, int sy, int[] xofs, int[] alpha, int[] row)
    {
        var line = src.Slice(sy * sw * Channels, sw * Channels);
        for (var dx = 0; dx < xofs.Length; dx++)
        {
            var p = xofs[dx] * Channels;
            var next = xofs[dx] + 1 < sw ? p + Channels : p;
            int a0 = alpha[dx * 2],
                a1 = alpha[dx * 2 + 1];
            var d = dx * Channels;
            row[d] = line[p] * a0 + line[next] * a1;
            row[d + 1] = line[p + 1] * a0 + line[next + 1] * a1;
            row[d + 2] = line[p + 2] * a0 + line[next + 2] * a1;
        }
    }

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
    private static int Weight(float w) => (int)MathF.Round(w * One, MidpointRounding.ToEven);

    private static bool IsExactly(double value, int integer) => Math.Abs(value - integer) < 2.220446049250313e-16;

    /// <summary>The part (<c>X0, Y0, Width × Height</c>) of a <c>FullWidth × FullHeight</c> resize to compute.</summary>
    public readonly record struct Window(int FullWidth, int FullHeight, int X0, int Y0, int Width, int Height);
}
