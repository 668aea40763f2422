using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>A Kestrel server on 127.0.0.1 (free port) running one request delegate; stopped on dispose.</summary>
public sealed class LoopbackHost : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    public LoopbackHost(RequestDelegate handler, X509Certificate2? certificate = null)
    {
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(
                System.Net.IPAddress.Loopback,
                Port,
                listen =>
                {
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                }
            );
        });
        _app = builder.Build();
        _app.Run(handler);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
