using System.Diagnostics;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.Serving;
using ModelRuntime.Typed;

namespace ModelRuntime.Protocol;

/// <summary>The Open Inference Protocol REST API, plus /metrics.</summary>
public static class RestEndpoints
{
    private const string Json = "application/json";

    public static void Map(WebApplication app)
    {
        app.MapGet(
            "/v2",
            ctx =>
                Write(
                    ctx,
                    200,
                    JsonResponses.Object(w =>
                    {
                        w.WriteString("name", ServerInfo.Name);
                        w.WriteString("version", ServerInfo.Version);
                        w.WriteStartArray("extensions");
                        foreach (var extension in ServerExtensions.Names)
                            w.WriteStringValue(extension);
                        w.WriteEndArray();
                    })
                )
        );
        app.MapGet("/v2/health/live", ctx => Write(ctx, 200, JsonResponses.Object(w => w.WriteBoolean("live", true))));
        app.MapGet("/v2/health/ready", ServerReady);
        app.MapGet("/v2/models/{name}", ctx => ModelMetadata(ctx, null));
        app.MapGet("/v2/models/{name}/versions/{version}", ctx => ModelMetadata(ctx, Route(ctx, "version")));
        app.MapGet("/v2/models/{name}/ready", ctx => ModelReady(ctx, null));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", ctx => ModelReady(ctx, Route(ctx, "version")));
        app.MapPost("/v2/models/{name}/infer", ctx => Infer(ctx, null, RestInference.AnswerAsync));
        app.MapPost(
            "/v2/models/{name}/versions/{version}/infer",
            ctx => Infer(ctx, Route(ctx, "version"), RestInference.AnswerAsync)
        );
        // KServe v1 with typed inputs (images, records): docs/typed-inputs.md.
        app.MapPost("/v1/models/{name}:predict", ctx => Infer(ctx, null, V1Predict.AnswerAsync));
        Statistics.StatisticsEndpoint.Map(app);
        RepositoryIndex.Map(app);
        RepositoryControl.Map(app);
        app.MapGet(
            "/metrics",
            async ctx =>
            {
                ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await ctx.Response.WriteAsync(ctx.RequestServices.GetRequiredService<RuntimeMetrics>().Render());
            }
        );
    }

    // Per the protocol a health answer is its status code: 200 for true, 4xx for false.
    private static Task ServerReady(HttpContext ctx)
    {
        var repository = ctx.RequestServices.GetRequiredService<ModelRepository>();
        var reasons = repository.ContractError is { } contractError
            ? [contractError]
            : repository.Models.Where(m => !m.IsReady).Select(m => $"model '{m.Name}': {m.LoadError}").ToArray();
        return Write(
            ctx,
            reasons.Length == 0 ? 200 : 400,
            JsonResponses.Object(w =>
            {
                w.WriteBoolean("ready", reasons.Length == 0);
                if (reasons.Length > 0)
                    w.WriteString("error", string.Join("; ", reasons));
            })
        );
    }

    private static Task ModelReady(HttpContext ctx, string? version)
    {
        if (!TryFind(ctx, version, out var model, out var error))
            return error;
        return Write(
            ctx,
            model.IsReady ? 200 : 400,
            JsonResponses.Object(w =>
            {
                w.WriteString("name", model.Name);
                w.WriteBoolean("ready", model.IsReady);
                if (!model.IsReady)
                    w.WriteString("error", model.LoadError);
            })
        );
    }

    private static Task ModelMetadata(HttpContext ctx, string? version) =>
        TryFind(ctx, version, out var model, out var error)
            ? Write(ctx, 200, JsonResponses.Node(model.Metadata()))
            : error;

    private static async Task Infer(
        HttpContext ctx,
        string? version,
        Func<HttpContext, ServedModel, RequestMemoryLease, Task<int>> answer
    )
    {
        if (!TryFind(ctx, version, out var model, out var notFound))
        {
            await notFound;
            return;
        }
        var services = ctx.RequestServices;
        var metrics = services.GetRequiredService<RuntimeMetrics>().For(model.Name);
        var started = Stopwatch.GetTimestamp();
        var status = 500;
        metrics.RequestStarted();
        var lease = services.GetRequiredService<RequestMemoryBudget>().Lease();
        try
        {
            status = await answer(ctx, model, lease);
        }
        catch (InferenceException e)
        {
            status = e.StatusCode;
            if (e.RetryAfterSeconds is { } seconds)
                ctx.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Write(ctx, e.StatusCode, JsonResponses.Error(e.Message));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            status = 499; // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            services
                .GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(RestEndpoints))
                .LogError(e, "Inference on {Model} failed", model.Name);
            if (!ctx.Response.HasStarted)
                await Write(ctx, 500, JsonResponses.Error(e.Message));
        }
        finally
        {
            lease.Dispose();
            metrics.RequestFinished(status, Stopwatch.GetElapsedTime(started).TotalSeconds);
            services.GetRequiredService<MemoryReclaimer>().RequestFinished(lease.Peak);
        }
    }

    private static bool TryFind(HttpContext ctx, string? version, out ServedModel model, out Task error)
    {
        var name = Route(ctx, "name")!;
        var found = ctx.RequestServices.GetRequiredService<ModelRepository>().Find(name);
        error = Task.CompletedTask;
        model = found!;
        if (found is null)
        {
            error = Write(ctx, 404, JsonResponses.Error(ErrorStatus.UnknownModel(name).Message));
            return false;
        }
        if (version is not null && !found.HasVersion(version))
        {
            error = Write(ctx, 404, JsonResponses.Error(ErrorStatus.UnknownVersion(name, version).Message));
            return false;
        }
        return true;
    }

    private static string? Route(HttpContext ctx, string key) => ctx.Request.RouteValues[key]?.ToString();

    private static Task Write(HttpContext ctx, int status, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = Json;
        ctx.Response.ContentLength = body.Length;
        return ctx.Response.Body.WriteAsync(body).AsTask();
    }
}
