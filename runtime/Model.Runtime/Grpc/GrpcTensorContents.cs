using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Grpc;

/// <summary>Converts gRPC tensor payloads (raw bytes or typed contents) to and from tensors.</summary>
public static class GrpcTensorContents
{
    /// <summary>The request's inputs, checked against the model, from raw_input_contents or typed contents.</summary>
    public static List<KeyValuePair<string, Tensor>> Inputs(ServedModel model, ModelInferRequest request)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw InferenceException.BadRequest(
                $"raw_input_contents has {raw.Count} entries but the request has {request.Inputs.Count} inputs"
            );
        }
        var inputs = new List<KeyValuePair<string, Tensor>>(request.Inputs.Count);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var shape = input.Shape.ToArray();
            if (shape.Any(d => d < 0))
                throw InferenceException.BadRequest($"input '{input.Name}' shape must hold non-negative integers");
            if (ImageContentType(input) is not null)
            {
                inputs.Add(new(input.Name, EncodedImages(model, input, shape, raw.Count > 0 ? raw[i] : null)));
                continue;
            }
            var info = InputValidator.Check(model, input.Name, input.Datatype, shape);
            inputs.Add(
                new(
                    input.Name,
                    raw.Count > 0
                        ? FromRaw(input.Name, info.ElementType, shape, raw[i])
                        : FromContents(input.Name, info.ElementType, shape, input.Contents)
                )
            );
        }
        return inputs;
    }

    /// <summary>The input's "content_type" parameter when it names an image type (as the REST v2 form has it).</summary>
    private static string? ImageContentType(ModelInferRequest.Types.InferInputTensor input)
    {
        if (!input.Parameters.TryGetValue("content_type", out var parameter))
            return null;
        if (parameter.ParameterChoiceCase != InferParameter.ParameterChoiceOneofCase.StringParam)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(input.Name)}' parameter \"content_type\" must be a string_param, e.g. \"image/jpeg\""
            );
        return Typed.EncodedImages.IsImage(parameter.StringParam) ? parameter.StringParam : null;
    }

    // Each BYTES element is an encoded image file (raw bytes, no base64), decoded like the REST v2 form.
    private static Tensor EncodedImages(
        ServedModel model,
        ModelInferRequest.Types.InferInputTensor input,
        long[] shape,
        ByteString? raw
    )
    {
        var layout = Typed.EncodedImages.Layout(model, input.Name, input.Datatype);
        var images = raw is null
            ? FromContents(input.Name, OnnxElementType.String, shape, input.Contents).Strings!
            : FromRaw(input.Name, OnnxElementType.String, shape, raw).Strings!;
        return Typed.EncodedImages.Build(model, input.Name, layout, images);
    }

    public static Tensor FromRaw(string name, OnnxElementType type, long[] shape, ByteString raw)
    {
        var count = Tensor.ElementCountOf(shape);
        if (type == OnnxElementType.String)
        {
            var span = raw.Span;
            var strings = new List<byte[]>();
            while (span.Length > 0)
            {
                if (span.Length < 4)
                    throw InferenceException.BadRequest($"input '{name}' raw BYTES content is truncated");
                var length = BinaryPrimitives.ReadUInt32LittleEndian(span);
                if (length > span.Length - 4)
                    throw InferenceException.BadRequest($"input '{name}' raw BYTES content is truncated");
                strings.Add(span.Slice(4, (int)length).ToArray());
                span = span[(4 + (int)length)..];
            }
            if (strings.Count != count)
                throw CountMismatch(name, strings.Count, shape);
            return Tensor.FromStrings(shape, strings.ToArray());
        }
        var size = TensorElementTypes.SizeOf(type);
        if (raw.Length != count * size)
        {
            throw InferenceException.BadRequest(
                $"input '{name}' raw content has {raw.Length} bytes but shape {InputValidator.ShapeText(shape)} of {OnnxDatatypes.ToOip(type)} needs {count * size}"
            );
        }
        return Tensor.FromBytes(type, shape, Bytes(raw));
    }

    public static Tensor FromContents(string name, OnnxElementType type, long[] shape, InferTensorContents? c)
    {
        c ??= new InferTensorContents();
        var count = Tensor.ElementCountOf(shape);
        byte[] Bytes<T>(IReadOnlyList<T> values, Func<T, byte[]> convert)
        {
            if (values.Count != count)
                throw CountMismatch(name, values.Count, shape);
            return values.SelectMany(convert).ToArray();
        }
        byte[] Cast<TFrom, TTo>(IReadOnlyList<TFrom> values, Func<TFrom, TTo> convert)
            where TTo : unmanaged
        {
            if (values.Count != count)
                throw CountMismatch(name, values.Count, shape);
            var converted = new TTo[values.Count];
            for (var i = 0; i < converted.Length; i++)
                converted[i] = convert(values[i]);
            return MemoryMarshal.AsBytes(converted.AsSpan()).ToArray();
        }
        checked
        {
            try
            {
                var data = type switch
                {
                    OnnxElementType.Bool => Bytes(c.BoolContents, b => new[] { (byte)(b ? 1 : 0) }),
                    OnnxElementType.Int8 => Cast(c.IntContents, v => (sbyte)v),
                    OnnxElementType.Int16 => Cast(c.IntContents, v => (short)v),
                    OnnxElementType.Int32 => Cast(c.IntContents, v => v),
                    OnnxElementType.Int64 => Cast(c.Int64Contents, v => v),
                    OnnxElementType.UInt8 => Cast(c.UintContents, v => (byte)v),
                    OnnxElementType.UInt16 => Cast(c.UintContents, v => (ushort)v),
                    OnnxElementType.UInt32 => Cast(c.UintContents, v => v),
                    OnnxElementType.UInt64 => Cast(c.Uint64Contents, v => v),
                    OnnxElementType.Float => Cast(c.Fp32Contents, v => v),
                    OnnxElementType.Double => Cast(c.Fp64Contents, v => v),
                    OnnxElementType.Float16 => Cast(c.Fp32Contents, v => (Half)v),
                    OnnxElementType.BFloat16 => Cast(c.Fp32Contents, Protocol.TensorValues.SingleToBFloat16),
                    OnnxElementType.String => null,
                    _ => throw InferenceException.BadRequest($"input '{name}' has an unsupported datatype"),
                };
                if (data is null)
                {
                    if (c.BytesContents.Count != count)
                        throw CountMismatch(name, c.BytesContents.Count, shape);
                    return Tensor.FromStrings(shape, c.BytesContents.Select(b => b.ToByteArray()).ToArray());
                }
                return Tensor.FromBytes(type, shape, data);
            }
            catch (OverflowException)
            {
                throw InferenceException.BadRequest(
                    $"input '{name}' has a value out of range for {OnnxDatatypes.ToOip(type)}"
                );
            }
        }
    }

    public static ByteString ToRaw(Tensor tensor)
    {
        if (tensor.ElementType != OnnxElementType.String)
            return UnsafeByteOperations.UnsafeWrap(tensor.Data);
        var strings = tensor.Strings!;
        var bytes = new byte[strings.Sum(s => 4 + s.Length)];
        var offset = 0;
        foreach (var s in strings)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)s.Length);
            s.CopyTo(bytes, offset + 4);
            offset += 4 + s.Length;
        }
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    // The parser gives each bytes field an array of its own: use it rather than copy it (64 MiB inputs stay one copy).
    private static byte[] Bytes(ByteString raw) =>
        MemoryMarshal.TryGetArray(raw.Memory, out var segment)
        && segment.Offset == 0
        && segment.Count == segment.Array!.Length
            ? segment.Array
            : raw.ToByteArray();

    private static InferenceException CountMismatch(string name, long actual, long[] shape) =>
        InferenceException.BadRequest(
            $"input '{name}' has {actual} elements but shape {InputValidator.ShapeText(shape)} needs {Tensor.ElementCountOf(shape)}"
        );
}
