using System.Diagnostics.CodeAnalysis;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Http.Features;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.Serving;

namespace ModelRuntime.Grpc;

/// <summary>
/// gRPC on Grpc.AspNetCore: inference.GRPCInferenceService, grpc.health.v1.Health (service name = model name,
/// "" = the whole server) and server reflection. gzip requests are accepted and gzip is offered.
/// </summary>
public static class GrpcHosting
{
    // Server reflection reads each service's descriptor from the static Descriptor property of its generated class,
    // by reflection: keep those properties in a trimmed or NativeAOT publish.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(GRPCInferenceService))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(Health))]
    public static void AddServices(IServiceCollection services, RuntimeOptions options)
    {
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.MaxRequestBytes, int.MaxValue);
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<GrpcErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddSingleton<HealthServiceImpl>();
    }

    public static void Map(WebApplication app)
    {
        app.UseMiddleware<GrpcResetCounter>();
        app.MapGrpcService<InferenceGrpcService>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        var repository = app.Services.GetRequiredService<ModelRepository>();
        var health = app.Services.GetRequiredService<HealthServiceImpl>();
        // Models load once, at start: their readiness does not change afterwards.
        foreach (var model in repository.Models)
            health.SetStatus(model.Name, Status(model.IsReady));
        health.SetStatus("", Status(repository.AllReady));
    }

    private static HealthCheckResponse.Types.ServingStatus Status(bool ready) =>
        ready ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
}

/// <summary>
/// Offers gzip on every gRPC answer (grpc-accept-encoding); counts calls whose client reset the stream before the
/// answer, logging them at Debug only (a client that leaves is not a server error); after a large gRPC request has
/// been answered, lets <see cref="MemoryReclaimer"/> give its memory back
/// (REST requests report to it themselves). gRPC requests are held to gRPC's message limit, not Kestrel's body limit.
/// </summary>
public sealed class GrpcResetCounter(
    RequestDelegate next,
    RuntimeMetrics metrics,
    MemoryReclaimer reclaimer,
    ILogger<GrpcResetCounter> logger
)
{
    /// <summary>HttpContext.Items key for the bytes of a gRPC request's tensors.</summary>
    public const string RequestBytesKey = "model.request.bytes";

    public async Task InvokeAsync(HttpContext context)
    {
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        if (grpc)
        {
            context.Response.Headers["grpc-accept-encoding"] = "identity,gzip";
            // Kestrel's body limit would cut a large message off mid-read (UNKNOWN); gRPC's own limit, the same
            // number, reads the message's length first and answers RESOURCE_EXHAUSTED.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
                bodyLimit.MaxRequestBodySize = null;
        }
        var aborted = false;
        using (context.RequestAborted.Register(() => aborted = true))
            await next(context);
        if (grpc)
            reclaimer.RequestFinished(context.Items[RequestBytesKey] as long? ?? context.Request.ContentLength ?? 0);
        if (grpc && (aborted || context.RequestAborted.IsCancellationRequested))
        {
            metrics.ClientReset();
            logger.LogDebug("Client reset {Path} before the answer", context.Request.Path);
        }
    }
}
