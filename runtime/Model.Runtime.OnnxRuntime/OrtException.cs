namespace ModelRuntime.OnnxRuntime;

/// <summary>An error status returned by ONNX Runtime, with its OrtErrorCode and message.</summary>
public sealed class OrtException(int errorCode, string message) : Exception(message)
{
    public int ErrorCode { get; } = errorCode;
}
