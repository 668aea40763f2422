using Grpc.Core;

namespace ModelRuntime.Serving;

/// <summary>
/// The one table from a failure to its HTTP status (REST) and gRPC status, and the errors both endpoints raise for
/// a model they cannot serve. Readiness itself is <see cref="ServedModel.IsReady"/>.
/// </summary>
public static class ErrorStatus
{
    /// <summary>gRPC messages longer than this are cut: they travel in a header block, which clients cap.</summary>
    public const int MaxGrpcMessageChars = 1024;

    private static readonly Dictionary<int, StatusCode> Table = new()
    {
        [400] = StatusCode.InvalidArgument,
        [404] = StatusCode.NotFound,
        [413] = StatusCode.ResourceExhausted,
        [499] = StatusCode.Cancelled,
        [500] = StatusCode.Internal,
        [503] = StatusCode.Unavailable,
        [504] = StatusCode.DeadlineExceeded,
    };

    public static StatusCode GrpcCode(int httpStatus) => Table.GetValueOrDefault(httpStatus, StatusCode.Internal);

    public static RpcException ToRpc(InferenceException e) => ToRpc(e.StatusCode, e.Message);

    public static RpcException ToRpc(int httpStatus, string message) =>
        new(new Status(GrpcCode(httpStatus), Shorten(message)));

    /// <summary>A message short enough for a grpc-message trailer, however long the names it echoes.</summary>
    public static string Shorten(string message) =>
        message.Length <= MaxGrpcMessageChars
            ? message
            : $"{message[..MaxGrpcMessageChars]}... ({message.Length - MaxGrpcMessageChars} more characters)";

    public static InferenceException UnknownModel(string name) => new(404, $"unknown model '{Echo.Of(name)}'");

    public static InferenceException UnknownVersion(string name, string version) =>
        new(404, $"model '{Echo.Of(name)}' has no version '{Echo.Of(version)}'");

    public static InferenceException NotReady(ServedModel model) =>
        new(503, $"model '{model.Name}' is not ready: {model.LoadError}");
}
