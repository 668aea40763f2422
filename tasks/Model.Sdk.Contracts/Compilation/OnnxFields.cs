using ModelSdk.Onnx;

namespace ModelSdk.Contracts.Compilation;

/// <summary>Turns ONNX graph inputs/outputs into served fields, reporting types the protocol cannot carry.</summary>
internal static class OnnxFields
{
    public static List<TensorField> Extract(
        IReadOnlyList<OnnxValueInfo> values,
        string what,
        string modelFile,
        DiagnosticBag bag
    ) => values.Select(v => Extract(v, what, modelFile, bag)).ToList();

    private static TensorField Extract(OnnxValueInfo value, string what, string modelFile, DiagnosticBag bag)
    {
        var fileName = Path.GetFileName(modelFile);
        var datatype = Datatypes.Bytes;
        if (value.Kind != OnnxValueKind.Tensor)
        {
            bag.Warning(
                ErrorCodes.NonTensorValue,
                $"{what} '{value.Name}' of {fileName} is {value.TypeText}, not a tensor; it is served as BYTES and clients must encode it themselves.",
                modelFile
            );
        }
        else if (Datatypes.FromOnnx(value.ElementType) is { } oip)
        {
            datatype = oip;
            if (Datatypes.IsNonStandard(oip))
            {
                bag.Warning(
                    ErrorCodes.NonStandardDatatype,
                    $"{what} '{value.Name}' of {fileName} is bfloat16; BF16 is not a standard Open Inference Protocol datatype and some clients reject it. Cast to float16 or float in the model if they must.",
                    modelFile
                );
            }
        }
        else
        {
            bag.Error(
                ErrorCodes.UnsupportedElementType,
                $"{what} '{value.Name}' of {fileName} is {value.TypeText}, which the Open Inference Protocol cannot carry; add a Cast to float or an integer type at the graph boundary.",
                modelFile
            );
        }
        return new TensorField
        {
            Name = value.Name,
            OnnxName = value.Name,
            OnnxType = value.TypeText,
            Datatype = datatype,
            Shape = value.Shape?.Select(d => d.Value ?? -1).ToList(),
            DimNames = value.Shape?.Select(d => d.Param).ToList(),
            Description = value.DocString,
        };
    }
}
