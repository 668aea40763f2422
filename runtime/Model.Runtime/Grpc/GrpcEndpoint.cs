using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Serving;

namespace ModelRuntime.Grpc;

/// <summary>
/// Unary gRPC over HTTP/2 for GRPCInferenceService: one length-prefixed protobuf message in, one out, the status
/// in the grpc-status/grpc-message trailers. Compression is not offered (grpc-accept-encoding: identity).
/// </summary>
public static class GrpcEndpoint
{
    private const string Service = "/inference.GRPCInferenceService/";

    public static void Map(WebApplication app) => app.MapPost(Service + "{method}", HandleAsync);

    private static async Task HandleAsync(HttpContext ctx)
    {
        var service = ctx.RequestServices.GetRequiredService<InferenceGrpcService>();
        var limit = ctx.RequestServices.GetRequiredService<RuntimeOptions>().MaxRequestBytes;
        ctx.Response.ContentType = "application/grpc";
        ctx.Response.Headers["grpc-accept-encoding"] = "identity";
        if (ctx.Request.Protocol != "HTTP/2" && ctx.Request.Protocol != "HTTP/3")
        {
            ctx.Response.StatusCode = 426;
            return;
        }
        IMessage reply;
        try
        {
            var payload = await ReadMessageAsync(ctx, limit);
            var method = ctx.Request.RouteValues["method"]?.ToString();
            reply = method switch
            {
                "ServerLive" => await service.ServerLive(ServerLiveRequest.Parser.ParseFrom(payload)),
                "ServerReady" => await service.ServerReady(ServerReadyRequest.Parser.ParseFrom(payload)),
                "ModelReady" => await service.ModelReady(ModelReadyRequest.Parser.ParseFrom(payload)),
                "ServerMetadata" => await service.ServerMetadata(ServerMetadataRequest.Parser.ParseFrom(payload)),
                "ModelMetadata" => await service.ModelMetadata(ModelMetadataRequest.Parser.ParseFrom(payload)),
                "ModelInfer" => await service.ModelInfer(ModelInferRequest.Parser.ParseFrom(payload)),
                _ => throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"unknown method '{method}'"),
            };
        }
        catch (GrpcStatusException e)
        {
            Trailers(ctx, e.Code, e.Message);
            return;
        }
        catch (InferenceException e)
        {
            Trailers(
                ctx,
                e.StatusCode == 413 ? GrpcStatusCode.ResourceExhausted : GrpcStatusCode.InvalidArgument,
                e.Message
            );
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidProtocolBufferException)
        {
            ctx.RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(GrpcEndpoint))
                .LogError(e, "gRPC request failed");
            Trailers(ctx, GrpcStatusCode.Internal, e.Message);
            return;
        }
        catch (InvalidProtocolBufferException e)
        {
            Trailers(ctx, GrpcStatusCode.InvalidArgument, $"request is not a valid protobuf message: {e.Message}");
            return;
        }
        var size = reply.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        reply.WriteTo(frame.AsSpan(5));
        await ctx.Response.Body.WriteAsync(frame, ctx.RequestAborted);
        Trailers(ctx, GrpcStatusCode.Ok, null);
    }

    private static async Task<byte[]> ReadMessageAsync(HttpContext ctx, long limit)
    {
        var sizeFeature = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit + 5;
        var header = new byte[5];
        try
        {
            await ctx.Request.Body.ReadExactlyAsync(header, ctx.RequestAborted);
        }
        catch (EndOfStreamException)
        {
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, "request has no message");
        }
        if (header[0] != 0)
            throw new GrpcStatusException(GrpcStatusCode.Unimplemented, "compressed messages are not supported");
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > limit)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted,
                $"message of {length} bytes is larger than the limit of {limit} bytes (MODEL_MAX_REQUEST_BYTES)"
            );
        }
        var payload = new byte[length];
        try
        {
            await ctx.Request.Body.ReadExactlyAsync(payload, ctx.RequestAborted);
        }
        catch (EndOfStreamException)
        {
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, "request message is truncated");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, "request is larger than the limit");
        }
        return payload;
    }

    private static void Trailers(HttpContext ctx, GrpcStatusCode code, string? message)
    {
        ctx.Response.AppendTrailer(
            "grpc-status",
            ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        if (message is not null)
            ctx.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
    }
}
