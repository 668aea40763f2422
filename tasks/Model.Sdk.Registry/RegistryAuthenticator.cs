using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>
/// Supplies the Authorization header for one registry: none (anonymous), Basic, or a bearer token obtained from the
/// challenge's realm for the scopes a request needs. Tokens are cached per scope set and fetched again shortly before
/// they expire, or when the registry answers 401 to a token it had accepted before.
/// </summary>
internal sealed class RegistryAuthenticator(
    string registry,
    RegistryRole role,
    CredentialResolver credentials,
    IRegistryLog log
)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private AuthChallenge? _challenge;
    private CredentialLookup? _lookup;

    public IReadOnlyList<string> SourcesTried => Lookup().SourcesTried;

    public bool HasCredential => Lookup().Credential is not null;

    public void OnChallenge(AuthChallenge? challenge)
    {
        if (challenge is not null)
        {
            _challenge = challenge;
        }
    }

    public async Task<AuthenticationHeaderValue?> HeaderAsync(
        HttpMessageInvoker client,
        IReadOnlyList<string> scopes,
        bool refresh,
        CancellationToken cancellationToken
    )
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return null;
        }
        if (challenge.IsBasic)
        {
            var credential = Lookup().Credential;
            if (credential?.Username is null || credential.Password is null)
            {
                return null;
            }
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
            credentials.Redactor.Add(basic);
            return new AuthenticationHeaderValue("Basic", basic);
        }
        if (!challenge.IsBearer)
        {
            return null;
        }
        var key = string.Join(" ", scopes);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!refresh && _tokens.TryGetValue(key, out var cached) && cached.Expires > DateTimeOffset.UtcNow)
            {
                return new AuthenticationHeaderValue("Bearer", cached.Token);
            }
            var (token, lifetime) = await FetchTokenAsync(client, challenge, scopes, cancellationToken)
                .ConfigureAwait(false);
            // Renew at 90% of the lifetime so a token does not lapse between two requests of one upload.
            _tokens[key] = (token, DateTimeOffset.UtcNow + lifetime * 0.9);
            return new AuthenticationHeaderValue("Bearer", token);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ModelSdkException Unauthorized(string what, string? registryMessage)
    {
        var tried = string.Join("; ", SourcesTried);
        var detail =
            string.IsNullOrEmpty(registryMessage) || registryMessage == RegistryErrors.NoMessage
                ? ""
                : $" The registry said: {registryMessage}.";
        return new ModelSdkException(
            ErrorCodes.RegistryUnauthorized,
            credentials.Redactor.Redact(
                $"{registry} refused to authorize {what}.{detail} Credential sources tried: {tried}. "
                    + $"Log in with 'docker login {registry}' (or podman login), or set {CredentialResolver.SafeUserVariable} and {CredentialResolver.SafePasswordVariable} to an account allowed to {(role == RegistryRole.Push ? "push to" : "pull from")} this repository."
            )
        );
    }

    private CredentialLookup Lookup() => _lookup ??= credentials.Resolve(registry, role);

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(
        HttpMessageInvoker client,
        AuthChallenge challenge,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var realm = challenge.Get("realm");
        if (realm is null || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw new ModelSdkException(
                ErrorCodes.RegistryRequestFailed,
                $"{registry} asked for a bearer token but gave no usable token realm ('{realm}'). Check that ContainerRegistry names the registry itself, not a web page."
            );
        }
        var service = challenge.Get("service");
        var credential = Lookup().Credential;
        using var request = BuildTokenRequest(realmUri, service, scopes, credential);
        // Token requests bypass the session's HttpClient (they go below the auth handler), so add its user agent here.
        request.Headers.UserAgent.Add(RegistryRequest.UserAgent);
        log.Verbose(
            $"Requesting a bearer token for {registry} from {realmUri.GetLeftPart(UriPartial.Path)} (scopes: {string.Join(" ", scopes)}, {(credential is null ? "anonymous" : credential.Source)})."
        );
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ModelSdkException(
                ErrorCodes.RegistryUnreachable,
                $"The token service of {registry} at {realmUri.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}. Check the network and proxy settings.",
                inner: e
            );
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Unauthorized("a token", RegistryErrors.MessageOf(body));
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelSdkException(
                    ErrorCodes.RegistryRequestFailed,
                    credentials.Redactor.Redact(
                        $"The token service of {registry} answered {(int)response.StatusCode} {response.ReasonPhrase}: {RegistryErrors.MessageOf(body)}. Try again later."
                    )
                );
            }
            return ParseToken(body);
        }
    }

    private static HttpRequestMessage BuildTokenRequest(
        Uri realm,
        string? service,
        IReadOnlyList<string> scopes,
        RegistryCredential? credential
    )
    {
        if (credential?.IdentityToken is { } refreshToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", "model-sdk"),
            };
            if (service is not null)
            {
                form.Add(new("service", service));
            }
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(" ", scopes)));
            }
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] : "");
        void Add(string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }
            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        if (service is not null)
        {
            Add("service", service);
        }
        foreach (var scope in scopes)
        {
            Add("scope", scope);
        }
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential?.Username is { } user && credential.Password is { } password)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))
            );
        }
        return request;
    }

    private (string Token, TimeSpan Lifetime) ParseToken(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token =
                (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
            if (string.IsNullOrEmpty(token))
            {
                throw new JsonException("no token");
            }
            credentials.Redactor.Add(token);
            if (root.TryGetProperty("access_token", out var access) && access.GetString() is { } accessToken)
            {
                credentials.Redactor.Add(accessToken);
            }
            if (root.TryGetProperty("refresh_token", out var refresh) && refresh.GetString() is { } refreshToken)
            {
                credentials.Redactor.Add(refreshToken);
            }
            // The distribution token spec's default lifetime is 60 seconds.
            var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 60;
            return (token, TimeSpan.FromSeconds(seconds));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelSdkException(
                ErrorCodes.RegistryRequestFailed,
                $"The token service of {registry} did not return a token. Check that ContainerRegistry is right; try again later."
            );
        }
    }
}
