using System.Runtime.Intrinsics;

namespace ModelRuntime.Typed;

/// <summary>
/// <c>(value - mean[c]) * scale</c> in float for 8-bit BGR pixels, into channel planes (NCHW) or interleaved (NHWC),
/// output channel c taking source byte <c>source[c]</c>. Vector128 for whole blocks, the same float operations per
/// lane as the scalar tail, so the values are identical.
/// </summary>
internal static class NormalizeRows
{
    public static void Planes(
        ReadOnlySpan<byte> bgr,
        ReadOnlySpan<int> source,
        ReadOnlySpan<float> mean,
        float scale,
        Span<float> planes
    )
    {
        var plane = bgr.Length / 3;
        Span<float> c0 = planes[..plane],
            c1 = planes.Slice(plane, plane),
            c2 = planes.Slice(2 * plane, plane);
        var p = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var s = Vector128.Create(scale);
            var (m0, m1, m2) = (Masks[source[0]], Masks[source[1]], Masks[source[2]]);
            var (mean0, mean1, mean2) = (
                Vector128.Create(mean[0]),
                Vector128.Create(mean[1]),
                Vector128.Create(mean[2])
            );
            for (; p + 16 <= plane; p += 16)
            {
                var block = bgr.Slice(p * 3, 48);
                var (v0, v1, v2) = (
                    Vector128.Create(block),
                    Vector128.Create(block[16..]),
                    Vector128.Create(block[32..])
                );
                Store(Pick(v0, v1, v2, m0), mean0, s, c0.Slice(p, 16));
                Store(Pick(v0, v1, v2, m1), mean1, s, c1.Slice(p, 16));
                Store(Pick(v0, v1, v2, m2), mean2, s, c2.Slice(p, 16));
            }
        }
        for (; p < plane; p++)
        {
            c0[p] = (bgr[p * 3 + source[0]] - mean[0]) * scale;
            c1[p] = (bgr[p * 3 + source[1]] - mean[1]) * scale;
            c2[p] = (bgr[p * 3 + source[2]] - mean[2]) * scale;
        }
    }

    public static void Interleaved(
        ReadOnlySpan<byte> bgr,
        ReadOnlySpan<int> source,
        ReadOnlySpan<float> mean,
        float scale,
        Span<float> values
    )
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 4 pixels (12 values) per round, read as 16 bytes: the channel order fixed by one byte shuffle, the
            // mean by three vectors that repeat every 12 values.
            var order = Vector128.Create(
                (byte)source[0],
                (byte)source[1],
                (byte)source[2],
                (byte)(3 + source[0]),
                (byte)(3 + source[1]),
                (byte)(3 + source[2]),
                (byte)(6 + source[0]),
                (byte)(6 + source[1]),
                (byte)(6 + source[2]),
                (byte)(9 + source[0]),
                (byte)(9 + source[1]),
                (byte)(9 + source[2]),
                12,
                13,
                14,
                15
            );
            var s = Vector128.Create(scale);
            var ma = Vector128.Create(mean[0], mean[1], mean[2], mean[0]);
            var mb = Vector128.Create(mean[1], mean[2], mean[0], mean[1]);
            var mc = Vector128.Create(mean[2], mean[0], mean[1], mean[2]);
            for (; i + 16 <= bgr.Length; i += 12)
            {
                var bytes = Vector128.Shuffle(Vector128.Create(bgr.Slice(i, 16)), order);
                var (lo, hi) = Vector128.Widen(bytes);
                var (f0, f1) = Floats(lo);
                var (f2, _) = Floats(hi);
                ((f0 - ma) * s).CopyTo(values.Slice(i, 4));
                ((f1 - mb) * s).CopyTo(values.Slice(i + 4, 4));
                ((f2 - mc) * s).CopyTo(values.Slice(i + 8, 4));
            }
        }
        for (; i < bgr.Length; i++)
            values[i] = (bgr[i - i % 3 + source[i % 3]] - mean[i % 3]) * scale;
    }

    private static readonly (Vector128<byte>, Vector128<byte>, Vector128<byte>)[] Masks =
    [
        Deinterleave(0),
        Deinterleave(1),
        Deinterleave(2),
    ];

    // Shuffle masks picking byte k of each of 16 pixels from three 16-byte vectors; an index of 16 or more gives 0.
    private static (Vector128<byte>, Vector128<byte>, Vector128<byte>) Deinterleave(int k)
    {
        byte[] a = new byte[16],
            b = new byte[16],
            c = new byte[16];
        for (var i = 0; i < 16; i++)
        {
            var at = 3 * i + k;
            a[i] = (byte)(at < 16 ? at : 0xFF);
            b[i] = (byte)(at is >= 16 and < 32 ? at - 16 : 0xFF);
            c[i] = (byte)(at >= 32 ? at - 32 : 0xFF);
        }
        return (Vector128.Create(a), Vector128.Create(b), Vector128.Create(c));
    }

    private static Vector128<byte> Pick(
        Vector128<byte> v0,
        Vector128<byte> v1,
        Vector128<byte> v2,
        (Vector128<byte> A, Vector128<byte> B, Vector128<byte> C) mask
    ) => Vector128.Shuffle(v0, mask.A) | Vector128.Shuffle(v1, mask.B) | Vector128.Shuffle(v2, mask.C);

    private static void Store(Vector128<byte> bytes, Vector128<float> mean, Vector128<float> scale, Span<float> dst)
    {
        var (lo, hi) = Vector128.Widen(bytes);
        var (f0, f1) = Floats(lo);
        var (f2, f3) = Floats(hi);
        ((f0 - mean) * scale).CopyTo(dst);
        ((f1 - mean) * scale).CopyTo(dst[4..]);
        ((f2 - mean) * scale).CopyTo(dst[8..]);
        ((f3 - mean) * scale).CopyTo(dst[12..]);
    }

    private static (Vector128<float>, Vector128<float>) Floats(Vector128<ushort> values)
    {
        var (lo, hi) = Vector128.Widen(values);
        return (Vector128.ConvertToSingle(lo.AsInt32()), Vector128.ConvertToSingle(hi.AsInt32()));
    }
}
