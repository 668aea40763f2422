using ModelRuntime.OnnxRuntime;

namespace ModelRuntime.Serving;

/// <summary>An output the client asked for; <see cref="Classification"/> &gt; 0 asks for the top-k classes instead.</summary>
public sealed record RequestedOutput(string Name, int Classification = 0);

/// <summary>A result tensor with its protocol datatype.</summary>
public sealed record OutputTensor(string Name, string Datatype, Tensor Tensor);
