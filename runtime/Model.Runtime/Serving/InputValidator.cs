using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Serving;

/// <summary>Checks a request input's name, datatype and shape against what the model's session declares.</summary>
public static class InputValidator
{
    public static TensorInfo Check(ServedModel model, string name, string? datatype, long[] shape)
    {
        var session = model.Session!;
        var info =
            session.Inputs.FirstOrDefault(i => i.Name == name)
            ?? throw InferenceException.BadRequest(
                $"model '{model.Name}' has no input '{Echo.Of(name)}'; its inputs are: {string.Join(", ", session.Inputs.Select(i => i.Name))}"
            );
        var expected = OnnxDatatypes.ToOip(info.ElementType);
        if (string.IsNullOrEmpty(datatype))
        {
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has no datatype; the model expects {expected}"
            );
        }
        // The protocol's datatypes are upper case ("FP32"); "fp32" is refused rather than guessed at.
        if (datatype != datatype.ToUpperInvariant() && OnnxDatatypes.FromOip(datatype) is not null)
        {
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has datatype '{Echo.Of(datatype)}'; datatypes are upper case, the model expects {expected}"
            );
        }
        var type =
            OnnxDatatypes.FromOip(datatype)
            ?? throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has unknown datatype '{Echo.Of(datatype)}'; the model expects {expected}"
            );
        if (type != info.ElementType)
        {
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has datatype {Echo.Of(datatype)} but the model expects {expected}"
            );
        }
        var fits =
            shape.Length == info.Dimensions.Length
            && shape.All(d => d >= 0)
            && shape.Zip(info.Dimensions).All(p => p.Second < 0 || p.First == p.Second);
        if (!fits)
        {
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has shape {ShapeText(shape)} but the model expects {ShapeText(info.Dimensions)} (-1 = any size)"
            );
        }
        try
        {
            _ = checked(Tensor.ElementCountOf(shape) * Math.Max(1, TensorElementTypes.SizeOf(type)));
        }
        catch (OverflowException)
        {
            throw InferenceException.BadRequest($"input '{Echo.Of(name)}' shape {ShapeText(shape)} is too large");
        }
        return info;
    }

    public static string ShapeText(IEnumerable<long> shape) => $"[{string.Join(",", shape)}]";
}
