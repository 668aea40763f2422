using System.Net;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

/// <summary>The scheme fallback handler alone, on a real transport, against a real plain-HTTP registry on loopback.</summary>
public sealed class SchemeFallbackHandlerTests
{
    [Fact]
    public async Task An_insecure_registry_without_https_is_reached_over_http_and_stays_on_http()
    {
        using var registry = RegistryServer.Anonymous();
        var log = new ListLog();
        var counting = new CountingHandler(new SocketsHttpHandler());
        var fallback = new SchemeFallbackHandler(registry.Address, insecure: true, log, counting);
        using var client = new HttpClient(fallback);

        using var first = await client.GetAsync($"https://{registry.Address}/v2/");
        using var second = await client.GetAsync($"https://{registry.Address}/v2/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Uri.UriSchemeHttp, second.RequestMessage!.RequestUri!.Scheme);
        Assert.True(fallback.UsesPlainHttp);
        Assert.Equal(["https", "http", "http"], counting.Schemes);
        Assert.Contains("using plain HTTP", log.All);
    }

    [Fact]
    public async Task A_secure_registry_never_falls_back_to_http()
    {
        using var registry = RegistryServer.Anonymous();
        var counting = new CountingHandler(new SocketsHttpHandler());
        var fallback = new SchemeFallbackHandler(registry.Address, insecure: false, new ListLog(), counting);
        using var client = new HttpClient(fallback);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://{registry.Address}/v2/"));

        Assert.False(fallback.UsesPlainHttp);
        Assert.Equal(["https"], counting.Schemes);
    }

    /// <summary>Records the scheme of every request that reaches the transport.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Schemes { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            lock (Schemes)
            {
                Schemes.Add(request.RequestUri!.Scheme);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
