using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// The vectorized resize and normalization against the plain per-value formulas they replace, on random pixels and
/// odd sizes, so that vector blocks and scalar tails both run (the OpenCV tests cover a few sizes only).
/// </summary>
public class VectorizedPreprocessingTests
{
    public static TheoryData<int, int, int, int> Sizes =>
        new()
        {
            { 37, 29, 13, 11 },
            { 101, 7, 45, 3 },
            { 5, 5, 17, 9 },
            { 640, 480, 223, 221 },
            { 3, 300, 1, 77 },
            { 97, 131, 160, 96 },
        };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Resize_equals_the_scalar_fixed_point_formula(int sw, int sh, int dw, int dh)
    {
        var src = Pixels(sw * sh * 3, sw + sh);
        var actual = LinearResize.Resize(src, sw, sh, dw, dh, (double)dw / sw, (double)dh / sh);
        Assert.Equal(ScalarResize(src, sw, sh, dw, dh, (double)sw / dw, (double)sh / dh), actual);
    }

    [Theory]
    [InlineData(7, 5, true, false)]
    [InlineData(7, 5, false, true)]
    [InlineData(33, 17, true, true)]
    [InlineData(33, 17, false, false)]
    [InlineData(1, 1, true, true)]
    [InlineData(224, 224, false, true)]
    public void Normalization_equals_the_scalar_formula(int width, int height, bool nchw, bool swap)
    {
        var bgr = Pixels(width * height * 3, width * 7 + height);
        var pre = new PreprocessingDetails
        {
            InputWidth = width,
            InputHeight = height,
            Mean = [103.53, 116.28, 123.675],
            ScaleFactor = 1 / 57.1,
            SwapRB = swap,
        };
        long[] dims = nchw ? [1, 3, height, width] : [1, height, width, 3];
        var layout = ImageInputLayout.Of(
            new TensorInfo("image", true, OnnxElementType.Float, dims, new string?[4]),
            pre
        )!;
        using var image = new DecodedImage(width, height, bgr);
        var actual = ImageTensor.AsFloats(ImagePipeline.Build(layout, pre, [image]).Tensor);
        var expected = new float[bgr.Length];
        float[] mean = [103.53f, 116.28f, 123.675f];
        var scale = (float)(1 / 57.1);
        for (var p = 0; p < width * height; p++)
        for (var c = 0; c < 3; c++)
            expected[nchw ? c * width * height + p : p * 3 + c] = (bgr[p * 3 + (swap ? 2 - c : c)] - mean[c]) * scale;
        Assert.Equal(expected, actual);
    }

    private static byte[] Pixels(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // The resize as it was before vectorization: OpenCV's 11-bit taps, int rows, its SIMD vertical rounding.
    private static byte[] ScalarResize(byte[] src, int sw, int sh, int dw, int dh, double scaleX, double scaleY)
    {
        var dst = new byte[dw * dh * 3];
        for (var dy = 0; dy < dh; dy++)
        {
            var fy = (float)((dy + 0.5) * scaleY - 0.5);
            var sy = (int)MathF.Floor(fy);
            fy -= sy;
            int b0 = Weight(1f - fy),
                b1 = Weight(fy);
            var row0 = ScalarRow(src, sw, Math.Clamp(sy, 0, sh - 1), dw, scaleX);
            var row1 = ScalarRow(src, sw, Math.Clamp(sy + 1, 0, sh - 1), dw, scaleX);
            for (var x = 0; x < dw * 3; x++)
                dst[dy * dw * 3 + x] = (byte)(((((row0[x] >> 4) * b0) >> 16) + (((row1[x] >> 4) * b1) >> 16) + 2) >> 2);
        }
        return dst;
    }

    private static int[] ScalarRow(byte[] src, int sw, int sy, int dw, double scaleX)
    {
        var row = new int[dw * 3];
        for (var dx = 0; dx < dw; dx++)
        {
            var fx = (float)((dx + 0.5) * scaleX - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
                (fx, sx) = (0, 0);
            if (sx >= sw - 1)
                (fx, sx) = (0, sw - 1);
            var next = Math.Min(sx + 1, sw - 1);
            for (var c = 0; c < 3; c++)
                row[dx * 3 + c] =
                    src[(sy * sw + sx) * 3 + c] * Weight(1f - fx) + src[(sy * sw + next) * 3 + c] * Weight(fx);
        }
        return row;
    }

    private static int Weight(float w) => (int)MathF.Round(w * 2048, MidpointRounding.ToEven);
}
