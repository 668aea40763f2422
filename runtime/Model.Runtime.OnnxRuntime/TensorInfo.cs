using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// A session input or output as ONNX Runtime reports it. <see cref="Dimensions"/> holds -1 for dynamic
/// dimensions; <see cref="SymbolicDimensions"/> holds their names (null or empty where there is none).
/// Non-tensor values (sequences, maps) have <see cref="IsTensor"/> false and no element type or shape.
/// </summary>
public sealed record TensorInfo(
    string Name,
    bool IsTensor,
    OnnxElementType ElementType,
    long[] Dimensions,
    string?[] SymbolicDimensions
);
