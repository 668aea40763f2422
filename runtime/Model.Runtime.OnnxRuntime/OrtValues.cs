using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// The OrtValues of one run and the pins that keep their managed bytes in place; disposing releases both.
/// Numeric tensors are views over <see cref="Tensor.Data"/>; string tensors are copied (ONNX Runtime owns
/// std::string elements), byte-exact, NUL bytes included.
/// </summary>
internal sealed class OrtValues : IDisposable
{
    private readonly List<OrtValue> _values = [];
    private readonly List<MemoryHandle> _pins = [];

    public unsafe OrtValue View(Tensor tensor)
    {
        OrtValue value;
        if (tensor.ElementType == OnnxElementType.String)
        {
            value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, tensor.Shape);
            _values.Add(value);
            var strings = tensor.Strings!;
            for (var i = 0; i < strings.Length; i++)
                value.StringTensorSetElementAt(strings[i].AsSpan(), i);
            return value;
        }
        var pin = tensor.Data.AsMemory().Pin();
        _pins.Add(pin);
        value = OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance,
            (TensorElementType)(int)tensor.ElementType,
            tensor.Shape,
            (IntPtr)pin.Pointer,
            tensor.Data.LongLength
        );
        _values.Add(value);
        return value;
    }

    /// <summary>
    /// Result tensors to run into when every requested output is numeric with a shape the model fixes; null
    /// when some shape is only known after the run.
    /// </summary>
    public static Tensor[]? CanPreallocate(IReadOnlyList<TensorInfo> outputs)
    {
        foreach (var o in outputs)
        {
            if (!o.IsTensor || TensorElementTypes.SizeOf(o.ElementType) == 0 || o.Dimensions.Any(d => d < 0))
                return null;
        }
        return outputs
            .Select(o =>
                Tensor.FromBytes(
                    o.ElementType,
                    o.Dimensions,
                    new byte[checked(Tensor.ElementCountOf(o.Dimensions) * TensorElementTypes.SizeOf(o.ElementType))]
                )
            )
            .ToArray();
    }

    /// <summary>Copies an output ONNX Runtime allocated into a tensor.</summary>
    public static Tensor Read(OrtValue value, string name)
    {
        if (!value.IsTensor)
            throw new OrtException(1, $"Output '{name}' is not a tensor, which the runtime cannot return.");
        var info = value.GetTensorTypeAndShape();
        var type = (OnnxElementType)(int)info.ElementDataType;
        var shape = info.Shape;
        if (type == OnnxElementType.String)
        {
            var strings = new byte[info.ElementCount][];
            for (var i = 0; i < strings.Length; i++)
                strings[i] = value.GetStringElementAsSpan(i).ToArray();
            return Tensor.FromStrings(shape, strings);
        }
        if (TensorElementTypes.SizeOf(type) == 0)
            throw new OrtException(1, $"Output '{name}' has element type {type}, which the runtime cannot return.");
        return Tensor.FromBytes(type, shape, value.GetTensorMutableRawData().ToArray());
    }

    public void Dispose()
    {
        foreach (var value in _values)
            value.Dispose();
        foreach (var pin in _pins)
            pin.Dispose();
    }
}
