using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace ModelRuntime.OnnxRuntime;

/// <summary>An error status returned by ONNX Runtime, with its OrtErrorCode and message.</summary>
public sealed partial class OrtException(int errorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int ErrorCode { get; } = errorCode;

    // The managed API keeps the code only in its message: "[ErrorCode:InvalidArgument] ...".
    internal static OrtException From(OnnxRuntimeException e)
    {
        var match = CodePattern().Match(e.Message);
        var code = match.Success ? Array.IndexOf(CodeNames, match.Groups[1].Value) : -1;
        return new(code > 0 ? code : 1, e.Message, e);
    }

    // OrtErrorCode, in the C API's numbering.
    private static readonly string[] CodeNames =
    [
        "Ok",
        "Fail",
        "InvalidArgument",
        "NoSuchFile",
        "NoModel",
        "EngineError",
        "RuntimeException",
        "InvalidProtobuf",
        "ModelLoaded",
        "NotImplemented",
        "InvalidGraph",
        "ExecutionProviderFailure",
    ];

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]")]
    private static partial Regex CodePattern();
}
