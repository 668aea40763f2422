using ModelSdk.Onnx;
using ModelSdk.Onnx.Protos;

namespace ModelSdk.Testing;

/// <summary>An ONNX value type for <see cref="OnnxModelBuilder"/>: tensors of any shape and the non-tensor types.</summary>
public sealed class OnnxType
{
    private OnnxType(TypeProto? proto) => Proto = proto;

    internal TypeProto? Proto { get; }

    /// <summary>A value with no type at all (the model says nothing about it).</summary>
    public static OnnxType None { get; } = new(null);

    /// <param name="shape">Null for unknown rank; empty for a scalar.</param>
    public static OnnxType Tensor(OnnxElementType elementType, IReadOnlyList<OnnxDim>? shape) =>
        new(
            new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = ShapeProto(shape) },
            }
        );

    public static OnnxType SparseTensor(OnnxElementType elementType, IReadOnlyList<OnnxDim>? shape) =>
        new(
            new TypeProto
            {
                SparseTensorType = new TypeProto.Types.SparseTensor
                {
                    ElemType = (int)elementType,
                    Shape = ShapeProto(shape),
                },
            }
        );

    public static OnnxType Sequence(OnnxType element) =>
        new(new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = element.Proto } });

    public static OnnxType Map(OnnxElementType keyType, OnnxType value) =>
        new(
            new TypeProto
            {
                MapType = new TypeProto.Types.Map { KeyType = (int)keyType, ValueType = value.Proto },
            }
        );

    public static OnnxType Optional(OnnxType element) =>
        new(new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = element.Proto } });

    /// <summary>
    /// Shorthand for dimensions: an int or long is fixed, a string is symbolic, null or "?" is unknown.
    /// <c>OnnxType.Shape("batch", 3, 224, 224)</c>; <c>OnnxType.Shape()</c> is a scalar.
    /// </summary>
    public static OnnxDim[] Shape(params object?[] dims) =>
        dims.Select(d =>
                d switch
                {
                    null or "?" => OnnxDim.Unknown,
                    int i => OnnxDim.Fixed(i),
                    long l => OnnxDim.Fixed(l),
                    string s => OnnxDim.Symbolic(s),
                    OnnxDim dim => dim,
                    _ => throw new ArgumentException($"A dimension must be an int, long, string or null, not {d}."),
                }
            )
            .ToArray();

    private static TensorShapeProto? ShapeProto(IReadOnlyList<OnnxDim>? shape)
    {
        if (shape is null)
            return null;
        var proto = new TensorShapeProto();
        foreach (var dim in shape)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim.Value is { } value)
                d.DimValue = value;
            else if (dim.Param is { } param)
                d.DimParam = param;
            proto.Dim.Add(d);
        }
        return proto;
    }
}
