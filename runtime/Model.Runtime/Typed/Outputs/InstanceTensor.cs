using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed.Outputs;

/// <summary>One instance of a numeric output as doubles: dim 0 (the batch) removed, row-major.</summary>
public sealed record InstanceTensor(string Name, long[] Shape, double[] Values, bool IsInteger)
{
    public int Rank => Shape.Length;

    /// <summary>
    /// Slices instance <paramref name="instance"/> out of dim 0. An output of rank 0, or whose dim 0 is 1 while
    /// the batch is larger (a value the model computes once per batch), is taken whole for every instance.
    /// </summary>
    public static InstanceTensor Of(OutputTensor output, int instance)
    {
        var tensor = output.Tensor;
        if (tensor.ElementType == OnnxElementType.String)
            throw Unfit($"output '{output.Name}' holds strings, not numbers");
        var rank0 = tensor.Shape.Length == 0;
        var once = rank0 || tensor.Shape[0] == 1;
        if (!once && instance >= tensor.Shape[0])
            throw Unfit($"output '{output.Name}' has {tensor.Shape[0]} rows; instance {instance} is not among them");
        long[] shape = rank0 ? [] : tensor.Shape[1..];
        var count = Tensor.ElementCountOf(shape);
        var start = once ? 0 : instance * count;
        var values = new double[count];
        for (long i = 0; i < count; i++)
            values[i] = TensorValues.ToDouble(tensor, start + i);
        return new InstanceTensor(output.Name, shape, values, IsIntegerType(tensor.ElementType));
    }

    private static bool IsIntegerType(OnnxElementType type) =>
        type
            is OnnxElementType.Int8
                or OnnxElementType.Int16
                or OnnxElementType.Int32
                or OnnxElementType.Int64
                or OnnxElementType.UInt8
                or OnnxElementType.UInt16
                or OnnxElementType.UInt32
                or OnnxElementType.UInt64
                or OnnxElementType.Bool;

    /// <summary>The model's outputs do not have the form its purpose and architecture promise: a server-side fault.</summary>
    public static InferenceException Unfit(string message) => new(500, $"cannot format the prediction: {message}");
}
