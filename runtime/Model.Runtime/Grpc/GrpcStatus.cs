namespace ModelRuntime.Grpc;

/// <summary>gRPC status codes (the subset this server answers with).</summary>
public enum GrpcStatusCode
{
    Ok = 0,
    InvalidArgument = 3,
    NotFound = 5,
    ResourceExhausted = 8,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
}

public sealed class GrpcStatusException(GrpcStatusCode code, string message) : Exception(message)
{
    public GrpcStatusCode Code { get; } = code;
}
