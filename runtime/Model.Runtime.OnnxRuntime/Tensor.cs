using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// A dense tensor on the CPU: numeric elements as raw little-endian bytes (<see cref="Data"/>), string
/// elements as byte strings (<see cref="Strings"/>).
/// </summary>
public sealed class Tensor
{
    private Tensor(OnnxElementType elementType, long[] shape, byte[] data, byte[][]? strings)
    {
        ElementType = elementType;
        Shape = shape;
        Data = data;
        Strings = strings;
    }

    public OnnxElementType ElementType { get; }
    public long[] Shape { get; }

    /// <summary>Raw element bytes; empty for string tensors.</summary>
    public byte[] Data { get; }

    /// <summary>The elements of a string tensor, row-major; null for numeric tensors.</summary>
    public byte[][]? Strings { get; }

    public long ElementCount => ElementCountOf(Shape);

    public static long ElementCountOf(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            count = checked(count * d);
        }
        return count;
    }

    public static Tensor FromBytes(OnnxElementType elementType, long[] shape, byte[] data)
    {
        var size = TensorElementTypes.SizeOf(elementType);
        if (size == 0)
        {
            throw new ArgumentException($"{elementType} tensors are not carried as raw bytes.", nameof(elementType));
        }
        if (data.LongLength != ElementCountOf(shape) * size)
        {
            throw new ArgumentException(
                $"{data.LongLength} bytes do not hold {ElementCountOf(shape)} elements of {elementType}.",
                nameof(data)
            );
        }
        return new Tensor(elementType, shape, data, null);
    }

    public static Tensor FromStrings(long[] shape, byte[][] strings)
    {
        if (strings.LongLength != ElementCountOf(shape))
        {
            throw new ArgumentException(
                $"{strings.Length} strings do not fill shape [{string.Join(",", shape)}].",
                nameof(strings)
            );
        }
        return new Tensor(OnnxElementType.String, shape, [], strings);
    }

    public static Tensor FromArray<T>(long[] shape, T[] values)
        where T : unmanaged
    {
        var type = typeof(T) switch
        {
            var t when t == typeof(float) => OnnxElementType.Float,
            var t when t == typeof(double) => OnnxElementType.Double,
            var t when t == typeof(long) => OnnxElementType.Int64,
            var t when t == typeof(int) => OnnxElementType.Int32,
            var t when t == typeof(short) => OnnxElementType.Int16,
            var t when t == typeof(sbyte) => OnnxElementType.Int8,
            var t when t == typeof(ulong) => OnnxElementType.UInt64,
            var t when t == typeof(uint) => OnnxElementType.UInt32,
            var t when t == typeof(ushort) => OnnxElementType.UInt16,
            var t when t == typeof(byte) => OnnxElementType.UInt8,
            var t when t == typeof(bool) => OnnxElementType.Bool,
            var t when t == typeof(Half) => OnnxElementType.Float16,
            _ => throw new ArgumentException($"No tensor element type for {typeof(T)}."),
        };
        return FromBytes(type, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>The elements reinterpreted as <typeparamref name="T"/> (a copy).</summary>
    public T[] ToArray<T>()
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(Data).ToArray();
}
