using System.Net;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

/// <summary>The auth handler alone on a real transport, against the real token-auth registry on loopback.</summary>
public sealed class AuthHandlerTests
{
    private const string User = "publisher";
    private const string Password = "s3cret-Passw0rd-for-handler";

    [Fact]
    public async Task A_401_challenge_fetches_a_bearer_token_and_sends_a_fresh_copy()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        var log = new ListLog();
        using var client = new HttpClient(new AuthHandler(Authenticator(registry, log), log, new SocketsHttpHandler()));

        using var request = TagsRequest(registry, replayable: true);
        using var response = await client.SendAsync(request);

        // Authorized: the repository simply does not exist yet.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, tokens.TokensIssued);
        Assert.Equal("Bearer", response.RequestMessage!.Headers.Authorization!.Scheme);
        Assert.Contains("asked for Bearer authentication", log.All);
    }

    [Fact]
    public async Task Refused_credentials_are_MODEL_unauthorized_without_the_password()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        var log = new ListLog();
        var auth = Authenticator(registry, log, password: "wrong-password-xyz");
        using var client = new HttpClient(new AuthHandler(auth, log, new SocketsHttpHandler()));

        using var request = TagsRequest(registry, replayable: true);
        var e = await Assert.ThrowsAsync<ModelSdkException>(() => client.SendAsync(request));

        Assert.Equal(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.DoesNotContain("wrong-password-xyz", e.Message);
    }

    [Fact]
    public async Task A_request_that_cannot_be_rebuilt_gets_the_401_back_and_is_sent_once()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        var log = new ListLog();
        using var client = new HttpClient(new AuthHandler(Authenticator(registry, log), log, new SocketsHttpHandler()));

        using var request = TagsRequest(registry, replayable: false);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, tokens.TokensIssued);
    }

    private static RegistryAuthenticator Authenticator(RegistryServer registry, ListLog log, string password = Password)
    {
        var env = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(Path.GetTempPath(), "modelsdk-no-home-" + Guid.NewGuid().ToString("N")),
            [CredentialResolver.SafeUserVariable] = User,
            [CredentialResolver.SafePasswordVariable] = password,
        };
        var credentials = new CredentialResolver(n => env.GetValueOrDefault(n), new SecretRedactor());
        return new RegistryAuthenticator(registry.Address, RegistryRole.Pull, credentials, log);
    }

    private static HttpRequestMessage TagsRequest(RegistryServer registry, bool replayable)
    {
        var url = new Uri($"http://{registry.Address}/v2/team/absent/tags/list");
        HttpRequestMessage Build() => new(HttpMethod.Get, url);
        string[] scopes = ["repository:team/absent:pull"];
        if (!replayable)
        {
            var once = Build();
            once.Options.Set(RegistryRequest.Scopes, scopes);
            return once;
        }
        return RegistryRequest.Create(Build, "listing tags", scopes, false, TimeSpan.FromSeconds(30), true);
    }
}
