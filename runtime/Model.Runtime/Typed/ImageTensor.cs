using System.Runtime.InteropServices;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed;

/// <summary>
/// Writes preprocessed images into one input tensor in the model's layout and element type. Float types take the
/// float value; integer types take it rounded half to even and saturated (as OpenCV's <c>saturate_cast</c>).
/// </summary>
public static class ImageTensor
{
    public static readonly OnnxElementType[] Types =
    [
        OnnxElementType.Float,
        OnnxElementType.Double,
        OnnxElementType.Float16,
        OnnxElementType.UInt8,
        OnnxElementType.Int8,
        OnnxElementType.Int32,
        OnnxElementType.Int64,
    ];

    public static Tensor Build(
        ImageInputLayout layout,
        ImagePreprocessor preprocessor,
        IReadOnlyList<byte[]> images,
        int height,
        int width
    )
    {
        var plane = height * width;
        var perImage = plane * ImageInputLayout.Channels;
        var values = new float[(long)perImage * images.Count];
        for (var n = 0; n < images.Count; n++)
        {
            var image = Values(images[n], plane);
            for (var c = 0; c < ImageInputLayout.Channels; c++)
            {
                var source = image[preprocessor.Source(c)..];
                var channel = values.AsSpan((int)((long)n * perImage), perImage);
                // (value - mean) * scale in float, the same operations as blobFromImage.
                float mean = preprocessor.Mean(c),
                    scale = preprocessor.Scale;
                if (layout.ChannelsFirst)
                {
                    var target = channel.Slice(c * plane, plane);
                    for (var p = 0; p < plane; p++)
                        target[p] = (source[p * 3] - mean) * scale;
                }
                else
                {
                    for (var p = 0; p < plane; p++)
                        channel[p * 3 + c] = (source[p * 3] - mean) * scale;
                }
            }
        }
        var shape = layout.Shape(images.Count, height, width);
        return Convert(layout.Input.ElementType, shape, values);
    }

    private static ReadOnlySpan<byte> Values(byte[] bgr, int plane) => bgr.AsSpan(0, plane * 3);

    private static Tensor Convert(OnnxElementType type, long[] shape, float[] v) =>
        type switch
        {
            OnnxElementType.Float => Tensor.FromArray(shape, v),
            OnnxElementType.Double => Tensor.FromArray(shape, Array.ConvertAll(v, x => (double)x)),
            OnnxElementType.Float16 => Tensor.FromArray(shape, Array.ConvertAll(v, x => (Half)x)),
            OnnxElementType.UInt8 => Tensor.FromArray(
                shape,
                Array.ConvertAll(v, x => (byte)Math.Clamp(Round(x), 0, 255))
            ),
            OnnxElementType.Int8 => Tensor.FromArray(
                shape,
                Array.ConvertAll(v, x => (sbyte)Math.Clamp(Round(x), -128, 127))
            ),
            OnnxElementType.Int32 => Tensor.FromArray(shape, Array.ConvertAll(v, x => (int)Round(x))),
            OnnxElementType.Int64 => Tensor.FromArray(shape, Array.ConvertAll(v, x => (long)Round(x))),
            _ => throw new InvalidOperationException($"no image conversion to {type}"),
        };

    private static float Round(float x) => MathF.Round(x, MidpointRounding.ToEven);

    /// <summary>The tensor's elements as float (tests and tools).</summary>
    public static float[] AsFloats(Tensor tensor) =>
        tensor.ElementType switch
        {
            OnnxElementType.Float => MemoryMarshal.Cast<byte, float>(tensor.Data).ToArray(),
            OnnxElementType.UInt8 => Array.ConvertAll(tensor.Data, b => (float)b),
            _ => throw new NotSupportedException(tensor.ElementType.ToString()),
        };
}
