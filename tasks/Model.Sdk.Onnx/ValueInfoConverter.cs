using ModelSdk.Onnx.Protos;

namespace ModelSdk.Onnx;

/// <summary>Turns a parsed ValueInfoProto into the public <see cref="OnnxValueInfo"/>.</summary>
internal static class ValueInfoConverter
{
    public static OnnxValueInfo Convert(ValueInfoProto value)
    {
        var type = value.Type;
        var text = TypeText(type);
        return type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => new(
                value.Name,
                OnnxValueKind.Tensor,
                (OnnxElementType)type.TensorType.ElemType,
                Shape(type.TensorType.Shape),
                text,
                value.DocString
            ),
            TypeProto.ValueOneofCase.SparseTensorType => new(
                value.Name,
                OnnxValueKind.SparseTensor,
                (OnnxElementType)type.SparseTensorType.ElemType,
                Shape(type.SparseTensorType.Shape),
                text,
                value.DocString
            ),
            TypeProto.ValueOneofCase.SequenceType => NonTensor(value, OnnxValueKind.Sequence, text),
            TypeProto.ValueOneofCase.MapType => NonTensor(value, OnnxValueKind.Map, text),
            TypeProto.ValueOneofCase.OptionalType => NonTensor(value, OnnxValueKind.Optional, text),
            _ => NonTensor(value, OnnxValueKind.Unknown, text),
        };
    }

    /// <summary>ONNX Runtime's spelling: "tensor(float)", "seq(map(int64,tensor(float)))".</summary>
    public static string TypeText(TypeProto? type) =>
        type?.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => $"tensor({ElementName(type.TensorType.ElemType)})",
            TypeProto.ValueOneofCase.SparseTensorType =>
                $"sparse_tensor({ElementName(type.SparseTensorType.ElemType)})",
            TypeProto.ValueOneofCase.SequenceType => $"seq({TypeText(type.SequenceType.ElemType)})",
            TypeProto.ValueOneofCase.MapType =>
                $"map({ElementName(type.MapType.KeyType)},{TypeText(type.MapType.ValueType)})",
            TypeProto.ValueOneofCase.OptionalType => $"optional({TypeText(type.OptionalType.ElemType)})",
            _ => "unknown",
        };

    private static OnnxValueInfo NonTensor(ValueInfoProto value, OnnxValueKind kind, string text) =>
        new(value.Name, kind, OnnxElementType.Undefined, null, text, value.DocString);

    private static string ElementName(int elemType) => OnnxDatatypes.OnnxName((OnnxElementType)elemType);

    /// <summary>Null when the model gives no shape: the rank itself is unknown.</summary>
    private static IReadOnlyList<OnnxDim>? Shape(TensorShapeProto? shape) => shape?.Dim.Select(Dim).ToArray();

    private static OnnxDim Dim(TensorShapeProto.Types.Dimension dim) =>
        dim.ValueCase switch
        {
            // Some exporters write -1 for "any size"; ONNX itself has no negative dimensions.
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue when dim.DimValue >= 0 => OnnxDim.Fixed(
                dim.DimValue
            ),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when dim.DimParam.Length > 0 => OnnxDim.Symbolic(
                dim.DimParam
            ),
            _ => OnnxDim.Unknown,
        };
}
