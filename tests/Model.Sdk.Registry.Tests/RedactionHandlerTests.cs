using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

/// <summary>The redaction handler on a real transport: a secret in a failing request never reaches the message.</summary>
public sealed class RedactionHandlerTests
{
    // A host name that carries a secret (as a token in a misconfigured URL would) appears in the resolver's error.
    private const string Secret = "tok-9f8e7d6c5b";
    private static readonly Uri SecretUrl = new($"http://{Secret}.invalid/v2/");

    [Fact]
    public async Task A_transport_error_naming_the_secret_leaves_without_it()
    {
        var redactor = new SecretRedactor();
        redactor.Add(Secret);
        using var bare = new HttpClient(new SocketsHttpHandler());
        using var redacted = new HttpClient(new RedactionHandler(redactor, new SocketsHttpHandler()));

        var raw = await Assert.ThrowsAsync<HttpRequestException>(() => bare.GetAsync(SecretUrl));
        var clean = await Assert.ThrowsAsync<HttpRequestException>(() => redacted.GetAsync(SecretUrl));

        Assert.Contains(Secret, raw.Message);
        Assert.DoesNotContain(Secret, clean.Message);
        Assert.Contains("***", clean.Message);
    }

    [Fact]
    public async Task A_coded_error_after_retries_leaves_without_the_secret()
    {
        var redactor = new SecretRedactor();
        redactor.Add(Secret);
        var retry = new RetryHandler(
            "registry.test",
            insecure: false,
            Clients.FastRetry,
            TimeSpan.FromSeconds(30),
            new ListLog(),
            new SocketsHttpHandler()
        );
        using var client = new HttpClient(new RedactionHandler(redactor, retry));
        using var request = RegistryRequest.Create(
            () => new HttpRequestMessage(HttpMethod.Get, SecretUrl),
            "connecting",
            null,
            retry: true,
            TimeSpan.FromSeconds(30),
            buffer: true
        );

        var e = await Assert.ThrowsAsync<ModelSdkException>(() => client.SendAsync(request));

        Assert.Equal(ErrorCodes.RegistryUnreachable, e.Code);
        Assert.DoesNotContain(Secret, e.ToString());
    }
}
