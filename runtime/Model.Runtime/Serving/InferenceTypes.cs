using ModelRuntime.OnnxRuntime;

namespace ModelRuntime.Serving;

/// <summary>
/// An output the client asked for; <see cref="Classification"/> &gt; 0 asks for the top-k classes instead;
/// <see cref="BinaryData"/> is REST's per-output "binary_data" (null: not given).
/// </summary>
public sealed record RequestedOutput(string Name, int Classification = 0, bool? BinaryData = null);

/// <summary>A result tensor with its protocol datatype.</summary>
public sealed record OutputTensor(string Name, string Datatype, Tensor Tensor);
