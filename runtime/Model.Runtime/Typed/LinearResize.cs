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
    public static byte[] Resize(byte[] src, int sw, int sh, int dw, int dh, double invScaleX, double invScaleY)
    {
        if (sw == dw && sh == dh)
            return (byte[])src.Clone();
        double scaleX = 1 / invScaleX,
            scaleY = 1 / invScaleY;
        if (IsExactly(scaleX, 2) && IsExactly(scaleY, 2))
            return HalveByArea(src, sw, sh, dw, dh);
        var (xofs, alpha) = HorizontalTaps(sw, dw, scaleX);
        var dst = new byte[(long)dw * dh * Channels];
        var rowWidth = dw * Channels;
        var row0 = new int[rowWidth];
        var row1 = new int[rowWidth];
        for (var dy = 0; dy < dh; dy++)
        {
            var fy = (float)((dy + 0.5) * scaleY - 0.5);
            var sy = (int)MathF.Floor(fy);
            fy -= sy;
            int b0 = Weight(1f - fy),
                b1 = Weight(fy);
            Horizontal(src, sw, Math.Clamp(sy, 0, sh - 1), xofs, alpha, row0);
            Horizontal(src, sw, Math.Clamp(sy + 1, 0, sh - 1), xofs, alpha, row1);
            var d = (long)dy * rowWidth;
            for (var x = 0; x < rowWidth; x++)
            {
                var value =
                    (
                        (((short)Math.Clamp(row0[x] >> 4, short.MinValue, short.MaxValue) * b0) >> 16)
                        + (((short)Math.Clamp(row1[x] >> 4, short.MinValue, short.MaxValue) * b1) >> 16)
                        + 2
                    ) >> 2;
                dst[d + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }
        return dst;
    }

    private static (int[] Offsets, int[] Alpha) HorizontalTaps(int sw, int dw, double scaleX)
    {
        var xofs = new int[dw];
        var alpha = new int[dw * 2];
        for (var dx = 0; dx < dw; dx++)
        {
            var fx = (float)((dx + 0.5) * scaleX - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
                (fx, sx) = (0, 0);
            if (sx >= sw - 1)
                (fx, sx) = (0, sw - 1);
            xofs[dx] = sx;
            alpha[dx * 2] = Weight(1f - fx);
            alpha[dx * 2 + 1] = Weight(fx);
        }
        return (xofs, alpha);
    }

    private static void Horizontal(byte[] src, int sw, int sy, int[] xofs, int[] alpha, int[] row)
    {
        var s = (long)sy * sw * Channels;
        for (var dx = 0; dx < xofs.Length; dx++)
        {
            var p = s + xofs[dx] * Channels;
            var next = xofs[dx] + 1 < sw ? Channels : 0;
            int a0 = alpha[dx * 2],
                a1 = alpha[dx * 2 + 1];
            for (var c = 0; c < Channels; c++)
                row[dx * Channels + c] = src[p + c] * a0 + src[p + next + c] * a1;
        }
    }

    private static byte[] HalveByArea(byte[] src, int sw, int sh, int dw, int dh)
    {
        var dst = new byte[(long)dw * dh * Channels];
        for (var y = 0; y < dh; y++)
        {
            for (var x = 0; x < dw; x++)
            {
                var s0 = ((long)2 * y * sw + 2 * x) * Channels;
                var s1 = s0 + (long)sw * Channels;
                for (var c = 0; c < Channels; c++)
                {
                    var sum = src[s0 + c] + src[s0 + Channels + c] + src[s1 + c] + src[s1 + Channels + c];
                    dst[((long)y * dw + x) * Channels + c] = (byte)((sum + 2) >> 2);
                }
            }
        }
        return dst;
    }

    // saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE): float product, rounded half to even.
    private static int Weight(float w) => (int)MathF.Round(w * One, MidpointRounding.ToEven);

    private static bool IsExactly(double value, int integer) => Math.Abs(value - integer) < 2.220446049250313e-16;
}
