using System.Buffers;
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
        IReadOnlyList<DecodedImage> images,
        int height,
        int width
    )
    {
        var count = height * width * ImageInputLayout.Channels * images.Count;
        var shape = layout.Shape(images.Count, height, width);
        var type = layout.Input.ElementType;
        if (type == OnnxElementType.Float)
        {
            // Straight into the tensor's bytes: no float array to copy.
            var data = TensorBuffers.Rent(count * sizeof(float));
            Fill(layout, preprocessor, images, MemoryMarshal.Cast<byte, float>(data.AsSpan()));
            return Tensor.FromBytes(type, shape, data);
        }
        var values = ArrayPool<float>.Shared.Rent(count);
        try
        {
            Fill(layout, preprocessor, images, values.AsSpan(0, count));
            return Convert(type, shape, values.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
        }
    }

    private static void Fill(
        ImageInputLayout layout,
        ImagePreprocessor preprocessor,
        IReadOnlyList<DecodedImage> images,
        Span<float> values
    )
    {
        var perImage = values.Length / images.Count;
        ReadOnlySpan<int> source = [preprocessor.Source(0), preprocessor.Source(1), preprocessor.Source(2)];
        ReadOnlySpan<float> mean = [preprocessor.Mean(0), preprocessor.Mean(1), preprocessor.Mean(2)];
        for (var n = 0; n < images.Count; n++)
        {
            var target = values.Slice(n * perImage, perImage);
            if (layout.ChannelsFirst)
                NormalizeRows.Planes(images[n].Bgr, source, mean, preprocessor.Scale, target);
            else
                NormalizeRows.Interleaved(images[n].Bgr, source, mean, preprocessor.Scale, target);
        }
    }

    private static Tensor Convert(OnnxElementType type, long[] shape, ReadOnlySpan<float> v) =>
        type switch
        {
            OnnxElementType.Double => Typed(type, shape, v, x => (double)x),
            OnnxElementType.Float16 => Typed(type, shape, v, x => (Half)x),
            OnnxElementType.UInt8 => Typed(type, shape, v, x => (byte)Math.Clamp(Round(x), 0, 255)),
            OnnxElementType.Int8 => Typed(type, shape, v, x => (sbyte)Math.Clamp(Round(x), -128, 127)),
            OnnxElementType.Int32 => Typed(type, shape, v, x => (int)Round(x)),
            OnnxElementType.Int64 => Typed(type, shape, v, x => (long)Round(x)),
            _ => throw new InvalidOperationException($"no image conversion to {type}"),
        };

    private static Tensor Typed<T>(OnnxElementType type, long[] shape, ReadOnlySpan<float> v, Func<float, T> convert)
        where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<byte>(v.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var target = MemoryMarshal.Cast<byte, T>(data.AsSpan());
        for (var i = 0; i < v.Length; i++)
            target[i] = convert(v[i]);
        return Tensor.FromBytes(type, shape, data);
    }

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
