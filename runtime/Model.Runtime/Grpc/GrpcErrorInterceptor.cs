using Grpc.Core;
using Grpc.Core.Interceptors;
using ModelRuntime.Serving;

namespace ModelRuntime.Grpc;

/// <summary>
/// Turns what a gRPC method throws into its status through <see cref="ErrorStatus"/>: request errors keep their
/// status, a call the client or its deadline ended is CANCELLED or DEADLINE_EXCEEDED (Debug), anything else is INTERNAL and
/// logged as an error. Messages are kept short enough for the grpc-message trailer.
/// </summary>
public sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation
    )
    {
        try
        {
            return await continuation(request, context);
        }
        catch (InferenceException e)
        {
            throw ErrorStatus.ToRpc(e);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            var expired = context.Deadline <= DateTime.UtcNow;
            logger.LogDebug("{Method} ended early: {Reason}", context.Method, expired ? "deadline" : "client left");
            throw ErrorStatus.ToRpc(expired ? 504 : 499, expired ? "deadline exceeded" : "call cancelled");
        }
        catch (Exception e) when (e is not RpcException)
        {
            logger.LogError(e, "{Method} failed", context.Method);
            throw ErrorStatus.ToRpc(500, e.Message);
        }
    }
}
