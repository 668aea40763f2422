namespace ModelSdk.Onnx.Wire;

/// <summary>The bytes are not a well-formed ModelProto. <see cref="OnnxReader"/> turns it into MODEL0002.</summary>
internal sealed class OnnxFormatException(string reason, bool truncated) : Exception(reason)
{
    /// <summary>True when the file simply ends before the structure it started does.</summary>
    public bool Truncated { get; } = truncated;
}
