using System.Net;
using System.Net.Http.Headers;

namespace ModelSdk.Registry;

/// <summary>
/// The connection to one registry: picks https (or http for insecure registries), attaches credentials, retries
/// transient failures with backoff, and turns what cannot be retried into coded errors.
/// </summary>
internal sealed class RegistrySession : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly HttpClient _client;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private Uri? _baseUri;

    public RegistrySession(
        string registry,
        RegistryRole role,
        RegistryOptions options,
        CredentialResolver credentials,
        IRegistryLog log
    )
    {
        Registry = registry;
        _options = options;
        Log = log;
        Insecure = options.IsInsecure(registry);
        _auth = new RegistryAuthenticator(registry, role, credentials, log);
        var transport = options.HandlerFactory?.Invoke() ?? CreateHandler(Insecure);
        HttpMessageHandler pipeline = new SchemeFallbackHandler(registry, Insecure, log, transport);
        pipeline = new AuthHandler(_auth, log, pipeline);
        pipeline = new RetryHandler(registry, Insecure, options.Retry, options.RequestTimeout, log, pipeline);
        pipeline = new RedactionHandler(credentials.Redactor, pipeline);
        _client = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(RegistryRequest.UserAgent);
    }

    public string Registry { get; }

    public bool Insecure { get; }

    public IRegistryLog Log { get; }

    public RegistryOptions Options => _options;

    public ModelSdkException Unauthorized(string what, string? message) => _auth.Unauthorized(what, message);

    public async Task<Uri> UrlAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var baseUri = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new Uri(baseUri, pathAndQuery);
    }

    /// <summary>GET or HEAD a manifest by tag or digest, accepting every manifest and index media type.</summary>
    public async Task<HttpResponseMessage> SendManifestRequestAsync(
        HttpMethod method,
        string repository,
        string reference,
        IReadOnlyList<string> scopes,
        string what,
        CancellationToken cancellationToken
    )
    {
        var url = await UrlAsync($"v2/{repository}/manifests/{reference}", cancellationToken).ConfigureAwait(false);
        return await SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(method, url);
                    foreach (var type in MediaTypes.AllManifests)
                    {
                        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                    }
                    return request;
                },
                scopes,
                what,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>Resolves a Location header (absolute or relative) against the registry.</summary>
    public Uri Resolve(Uri requestUri, Uri location) =>
        location.IsAbsoluteUri ? location : new Uri(requestUri, location);

    /// <summary>Sends with retries on 5xx, 429, timeouts and dropped connections. The caller disposes the response.</summary>
    public Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build,
        IReadOnlyList<string> scopes,
        string what,
        CancellationToken cancellationToken,
        long bodyBytes = 0,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead
    ) => SendCoreAsync(build, scopes, what, retry: true, bodyBytes, completion, cancellationToken);

    /// <summary>One request (plus one re-authentication on 401). Network failures surface as <see cref="TransientFailure"/>.</summary>
    public Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> build,
        IReadOnlyList<string> scopes,
        string what,
        CancellationToken cancellationToken,
        long bodyBytes = 0,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead
    ) => SendCoreAsync(build, scopes, what, retry: false, bodyBytes, completion, cancellationToken);

    public static bool IsRetryable(HttpStatusCode status) => RetryHandler.IsRetryable(status);

    /// <summary>Turns a final unsuccessful response into a coded error naming the registry's own message.</summary>
    public async Task<ModelSdkException> FailureAsync(
        HttpResponseMessage response,
        string what,
        CancellationToken cancellationToken
    )
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var said = RegistryErrors.MessageOf(body);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return _auth.Unauthorized(what, said);
        }
        if (
            response.StatusCode == HttpStatusCode.RequestEntityTooLarge
            || said.Contains("QUOTA", StringComparison.OrdinalIgnoreCase)
        )
        {
            return new ModelSdkException(
                ErrorCodes.RegistryQuotaExceeded,
                $"{Registry} refused {what} because of a size or storage limit ({status}: {said}). Free space in the repository, raise its quota, or make the model smaller; for request-size limits of a proxy in front of the registry set ContainerUploadChunked=true."
            );
        }
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return new ModelSdkException(
                ErrorCodes.RegistryDenied,
                $"{Registry} denied {what} ({status}: {said}). The credentials were accepted but lack permission: grant the account push access to the repository, or choose another ContainerRepository."
            );
        }
        return new ModelSdkException(
            ErrorCodes.RegistryRequestFailed,
            $"{Registry} failed {what}: {status}: {said}. If this persists, check the registry's health and logs."
        );
    }

    public void Dispose()
    {
        _client.Dispose();
        _connectGate.Dispose();
    }

    private async Task<Uri> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_baseUri is { } known)
        {
            return known;
        }
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_baseUri is { } raced)
            {
                return raced;
            }
            // An insecure registry that does not answer HTTPS is reached over plain HTTP by SchemeFallbackHandler.
            var https = new Uri($"https://{ImageReference.RegistryHost(Registry)}/");
            await PingAsync(https, cancellationToken).ConfigureAwait(false);
            return _baseUri = https;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        Func<HttpRequestMessage> build,
        IReadOnlyList<string>? scopes,
        string what,
        bool retry,
        long bodyBytes,
        HttpCompletionOption completion,
        CancellationToken cancellationToken
    )
    {
        if (scopes is not null)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        var buffer = completion == HttpCompletionOption.ResponseContentRead;
        using var request = RegistryRequest.Create(build, what, scopes, retry, _options.TimeoutFor(bodyBytes), buffer);
        return await _client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /v2/ (with retries): learns whether and how the registry wants authentication.</summary>
    private async Task PingAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(
                () => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v2/")),
                null,
                "connecting",
                retry: true,
                0,
                HttpCompletionOption.ResponseContentRead,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (IsRetryable(response.StatusCode))
        {
            throw new TransientFailure(
                $"{(int)response.StatusCode} {response.ReasonPhrase} from {baseUri}v2/",
                null
            ).ToCoded(Registry, "connecting", _options.Retry.MaxAttempts);
        }
        _auth.OnChallenge(AuthChallenge.FromResponse(response));
        Log.Verbose($"{Registry}: API at {baseUri}v2/ answered {(int)response.StatusCode}.");
    }

    private static SocketsHttpHandler CreateHandler(bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Blob GETs may redirect to storage; .NET drops the Authorization header when following.
            AllowAutoRedirect = true,
            MaxConnectionsPerServer = 16,
        };
        if (insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        return handler;
    }
}
