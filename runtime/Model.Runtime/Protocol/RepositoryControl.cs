using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// POST /v2/repository/models/{name}/load and /unload (model repository extension). The models are the ones the
/// image holds, loaded once at start (as Triton's model control mode "none"): loading a ready model succeeds, as a
/// reload of the same files would; loading one that failed, or unloading, is 400 saying why.
/// </summary>
public static class RepositoryControl
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/repository/models/{name}/load", LoadAsync);
        app.MapPost("/v2/repository/models/{name}/unload", UnloadAsync);
    }

    private static Task LoadAsync(HttpContext ctx)
    {
        var name = (string)ctx.Request.RouteValues["name"]!;
        var model = ctx.RequestServices.GetRequiredService<ModelRepository>().Find(name);
        if (model is null)
            return Write(ctx, 400, $"failed to load '{Echo.Of(name)}': no such model in this image's repository");
        if (!model.IsReady)
            return Write(ctx, 400, $"failed to load '{model.Name}': {model.LoadError}");
        return Write(ctx, 200, null);
    }

    private static Task UnloadAsync(HttpContext ctx)
    {
        var name = (string)ctx.Request.RouteValues["name"]!;
        return Write(
            ctx,
            400,
            $"failed to unload '{Echo.Of(name)}': this server serves the models its image holds for its whole life "
                + "(model control is off); stop the container instead"
        );
    }

    private static Task Write(HttpContext ctx, int status, string? error)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var body = error is null ? "{}"u8.ToArray() : JsonResponses.Error(error);
        ctx.Response.ContentLength = body.Length;
        return ctx.Response.Body.WriteAsync(body).AsTask();
    }
}
