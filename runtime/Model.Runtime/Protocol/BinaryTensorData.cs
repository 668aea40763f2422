using System.Buffers;
using System.Buffers.Binary;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Protocol;

/// <summary>
/// Tensors in the binary tensor data extension's layout: little-endian, row major, no padding; BOOL one byte
/// (0 or 1); BYTES each element a 4-byte little-endian length and then its bytes.
/// </summary>
public static class BinaryTensorData
{
    // What a byte[] for one BYTES element costs beyond its content (as for JSON inputs).
    private const int StringOverhead = 32;

    public static Tensor ReadInput(
        string name,
        OnnxElementType type,
        long[] shape,
        ReadOnlySequence<byte> data,
        RequestMemoryLease lease
    )
    {
        var count = Tensor.ElementCountOf(shape);
        if (type == OnnxElementType.String)
            return ReadStrings(name, shape, count, data, lease);
        var bytes = count * TensorElementTypes.SizeOf(type);
        if (data.Length != bytes)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has \"binary_data_size\" {data.Length} but shape "
                    + $"{InputValidator.ShapeText(shape)} of {OnnxDatatypes.ToOip(type)} is {bytes} bytes"
            );
        if (bytes > Array.MaxLength)
            throw new InferenceException(413, $"input '{Echo.Of(name)}' is larger than 2 GiB");
        lease.Reserve(bytes, $"input '{Echo.Of(name)}'");
        var buffer = GC.AllocateUninitializedArray<byte>((int)bytes);
        data.CopyTo(buffer);
        if (type == OnnxElementType.Bool && buffer.AsSpan().IndexOfAnyExcept((byte)0, (byte)1) is var bad and >= 0)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' element {bad} is the byte {buffer[bad]}; BOOL elements are 0 or 1"
            );
        return Tensor.FromBytes(type, shape, buffer);
    }

    private static Tensor ReadStrings(
        string name,
        long[] shape,
        long count,
        ReadOnlySequence<byte> data,
        RequestMemoryLease lease
    )
    {
        if (count > data.Length / 4)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has \"binary_data_size\" {data.Length}, too small for the {count} "
                    + "BYTES elements of its shape (each needs a 4-byte length)"
            );
        lease.Reserve(data.Length + count * StringOverhead, $"input '{Echo.Of(name)}'");
        var strings = new byte[count][];
        var reader = new SequenceReader<byte>(data);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || length > reader.Remaining)
                throw InferenceException.BadRequest(
                    $"input '{Echo.Of(name)}' element {i}: its 4-byte length runs past the input's binary data"
                );
            strings[i] = reader.UnreadSequence.Slice(0, length).ToArray();
            reader.Advance(length);
        }
        if (reader.Remaining > 0)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has {reader.Remaining} bytes of binary data after its {count} BYTES "
                    + "elements; \"binary_data_size\" must be exactly the elements with their 4-byte lengths"
            );
        return Tensor.FromStrings(shape, strings);
    }

    /// <summary>The size of a tensor in this layout.</summary>
    public static long SizeOf(Tensor tensor)
    {
        if (tensor.ElementType != OnnxElementType.String)
            return tensor.Data.LongLength;
        long size = 0;
        foreach (var s in tensor.Strings!)
            size += 4 + s.Length;
        return size;
    }

    /// <summary>Writes the tensor in this layout, flushing as it goes so a large output is never copied whole.</summary>
    public static async Task WriteAsync(System.IO.Pipelines.PipeWriter pipe, Tensor tensor, CancellationToken ct)
    {
        if (tensor.ElementType != OnnxElementType.String)
        {
            await pipe.WriteAsync(tensor.Data, ct);
            return;
        }
        var pending = 0;
        foreach (var s in tensor.Strings!)
        {
            BinaryPrimitives.WriteInt32LittleEndian(pipe.GetSpan(4), s.Length);
            pipe.Advance(4);
            pipe.Write(s);
            pending += 4 + s.Length;
            if (pending >= 1 << 16)
            {
                await pipe.FlushAsync(ct);
                pending = 0;
            }
        }
        await pipe.FlushAsync(ct);
    }
}
