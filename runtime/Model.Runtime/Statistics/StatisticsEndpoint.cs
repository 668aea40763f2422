using ModelRuntime.Metrics;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;

namespace ModelRuntime.Statistics;

/// <summary>GET /v2/models[/{name}[/versions/{version}]]/stats (statistics extension).</summary>
public static class StatisticsEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/models/stats", ctx => Answer(ctx, null, null));
        app.MapGet("/v2/models/{name}/stats", ctx => Answer(ctx, Route(ctx, "name"), null));
        app.MapGet(
            "/v2/models/{name}/versions/{version}/stats",
            ctx => Answer(ctx, Route(ctx, "name"), Route(ctx, "version"))
        );
    }

    private static Task Answer(HttpContext ctx, string? name, string? version)
    {
        var repository = ctx.RequestServices.GetRequiredService<ModelRepository>();
        var metrics = ctx.RequestServices.GetRequiredService<RuntimeMetrics>();
        IEnumerable<ServedModel> models = repository.Models;
        if (name is not null)
        {
            var model = repository.Find(name);
            if (model is null)
                return Write(ctx, 404, JsonResponses.Error($"unknown model '{Echo.Of(name)}'"));
            if (version is not null && !model.HasVersion(version))
                return Write(
                    ctx,
                    404,
                    JsonResponses.Error($"model '{Echo.Of(name)}' has no version '{Echo.Of(version)}'")
                );
            models = [model];
        }
        var body = JsonResponses.Object(w =>
        {
            w.WriteStartArray("model_stats");
            foreach (var m in models)
                metrics.For(m.Name).Statistics.Write(w, m.Name, m.Version);
            w.WriteEndArray();
        });
        return Write(ctx, 200, body);
    }

    private static string? Route(HttpContext ctx, string key) => ctx.Request.RouteValues[key]?.ToString();

    private static Task Write(HttpContext ctx, int status, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        return ctx.Response.Body.WriteAsync(body).AsTask();
    }
}
