using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ModelRuntime;

/// <summary>
/// Ports from the environment: MODEL_PORT (REST and gRPC, default 8080) and MODEL_GRPC_PORT (gRPC only over
/// cleartext HTTP/2, default 8081), on MODEL_BIND_ADDRESS (default all interfaces). ASPNETCORE_URLS or --urls,
/// when set, replace all of this.
/// </summary>
public static class ListenAddresses
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!string.IsNullOrEmpty(config["urls"]) || !string.IsNullOrEmpty(config["ASPNETCORE_URLS"]))
            return;
        var restPort = Port(config["MODEL_PORT"], 8080);
        var grpcPort = Port(config["MODEL_GRPC_PORT"], 8081);
        var address = System.Net.IPAddress.TryParse(config["MODEL_BIND_ADDRESS"], out var parsed)
            ? parsed
            : System.Net.IPAddress.Any;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, restPort, l => l.Protocols = HttpProtocols.Http1);
            if (grpcPort != restPort)
                kestrel.Listen(address, grpcPort, l => l.Protocols = HttpProtocols.Http2);
        });
    }

    private static int Port(string? text, int fallback) =>
        int.TryParse(text, out var port) && port is > 0 and < 65536 ? port : fallback;
}
