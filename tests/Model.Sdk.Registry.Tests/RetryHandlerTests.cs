using System.Net;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

/// <summary>The retry handler alone on a real transport, against the fault-injecting proxy in front of a real registry.</summary>
public sealed class RetryHandlerTests
{
    [Fact]
    public async Task Server_errors_are_retried_with_a_fresh_copy_until_the_registry_answers()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        proxy.Inject("GET", "/v2/", FaultKind.Status500, times: 2);
        var log = new ListLog();
        using var client = new HttpClient(Retry(log));

        using var request = Ping(proxy, retry: true);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, proxy.Count("GET", "/v2/"));
        Assert.Contains("attempt 3 of", log.All);
    }

    [Fact]
    public async Task Dropped_connections_exhaust_the_attempts_as_MODEL_unreachable()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        proxy.Inject("GET", "/v2/", FaultKind.DropBeforeForwarding, times: 100);
        using var client = new HttpClient(Retry(new ListLog()));

        using var request = Ping(proxy, retry: true);
        var e = await Assert.ThrowsAsync<ModelSdkException>(() => client.SendAsync(request));

        Assert.Equal(ErrorCodes.RegistryUnreachable, e.Code);
        Assert.Equal(Clients.FastRetry.MaxAttempts, proxy.Count("GET", "/v2/"));
    }

    [Fact]
    public async Task A_request_not_marked_for_retry_is_sent_once()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        proxy.Inject("GET", "/v2/", FaultKind.Status500, times: 1);
        proxy.Inject("GET", "/v2/", FaultKind.DropBeforeForwarding, times: 1);
        using var client = new HttpClient(Retry(new ListLog()));

        using (var first = Ping(proxy, retry: false))
        {
            using var response = await client.SendAsync(first);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        using var second = Ping(proxy, retry: false);
        await Assert.ThrowsAsync<TransientFailure>(() => client.SendAsync(second));

        Assert.Equal(2, proxy.Count("GET", "/v2/"));
    }

    private static RetryHandler Retry(ListLog log) =>
        new(
            "registry.test",
            insecure: true,
            Clients.FastRetry,
            TimeSpan.FromSeconds(30),
            log,
            new SocketsHttpHandler()
        );

    private static HttpRequestMessage Ping(FaultProxy proxy, bool retry) =>
        RegistryRequest.Create(
            () => new HttpRequestMessage(HttpMethod.Get, $"http://{proxy.Address}/v2/"),
            "connecting",
            null,
            retry,
            TimeSpan.FromSeconds(30),
            buffer: true
        );
}
