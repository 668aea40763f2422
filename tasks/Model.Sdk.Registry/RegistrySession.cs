using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;

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
        var transport = options.HandlerFactory?.Invoke() ?? CreateHandler(Insecure);
        _client = new HttpClient(new SchemeFallbackHandler(registry, Insecure, log, transport), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Model.Sdk", "1.0"));
        _auth = new RegistryAuthenticator(registry, role, credentials, log);
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
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build,
        IReadOnlyList<string> scopes,
        string what,
        CancellationToken cancellationToken,
        long bodyBytes = 0,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(build, scopes, what, cancellationToken, bodyBytes, completion)
                    .ConfigureAwait(false);
            }
            catch (TransientFailure failure)
            {
                if (attempt >= _options.Retry.MaxAttempts)
                {
                    throw failure.ToCoded(Registry, what, attempt);
                }
                var delay = _options.Retry.DelayBefore(attempt + 1, null);
                Log.Verbose(
                    $"{what}: {failure.Message}; retrying in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {_options.Retry.MaxAttempts})."
                );
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (IsRetryable(response.StatusCode) && attempt < _options.Retry.MaxAttempts)
            {
                var delay = _options.Retry.DelayBefore(attempt + 1, RetryAfter(response));
                Log.Verbose(
                    $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}; retrying in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {_options.Retry.MaxAttempts})."
                );
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    /// <summary>One request (plus one re-authentication on 401). Network failures surface as <see cref="TransientFailure"/>.</summary>
    public async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> build,
        IReadOnlyList<string> scopes,
        string what,
        CancellationToken cancellationToken,
        long bodyBytes = 0,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead
    )
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var refreshed = false;
        while (true)
        {
            var header = await _auth.HeaderAsync(_client, scopes, refreshed, cancellationToken).ConfigureAwait(false);
            var response = await RawSendAsync(
                    build,
                    header,
                    _options.TimeoutFor(bodyBytes),
                    completion,
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }
            var challenge = AuthChallenge.FromResponse(response);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            // A second 401 right after fresh credentials means the credentials themselves are refused.
            if (
                refreshed
                || challenge is null
                || (challenge.IsBasic && header?.Scheme == "Basic")
                || (challenge.IsBasic && !_auth.HasCredential)
            )
            {
                throw _auth.Unauthorized(what, RegistryErrors.MessageOf(body));
            }
            _auth.OnChallenge(challenge);
            refreshed = true;
            Log.Verbose($"{what}: the registry asked for {challenge.Scheme} authentication; authenticating.");
        }
    }

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (
            (int)status >= 500
            && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported
        );

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
            await RetryPingAsync(https, cancellationToken).ConfigureAwait(false);
            return _baseUri = https;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task RetryPingAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PingAsync(baseUri, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TransientFailure failure)
            {
                if (attempt >= _options.Retry.MaxAttempts)
                {
                    throw failure.ToCoded(Registry, "connecting", attempt);
                }
                await Task.Delay(_options.Retry.DelayBefore(attempt + 1, null), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>GET /v2/: learns whether and how the registry wants authentication.</summary>
    private async Task PingAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        using var response = await RawSendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v2/")),
                null,
                _options.RequestTimeout,
                HttpCompletionOption.ResponseContentRead,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (IsRetryable(response.StatusCode))
        {
            throw new TransientFailure($"{(int)response.StatusCode} {response.ReasonPhrase} from {baseUri}v2/", null);
        }
        _auth.OnChallenge(AuthChallenge.FromResponse(response));
        Log.Verbose($"{Registry}: API at {baseUri}v2/ answered {(int)response.StatusCode}.");
    }

    private async Task<HttpResponseMessage> RawSendAsync(
        Func<HttpRequestMessage> build,
        AuthenticationHeaderValue? header,
        TimeSpan timeout,
        HttpCompletionOption completion,
        CancellationToken cancellationToken
    )
    {
        using var request = build();
        request.Headers.Authorization = header;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await _client.SendAsync(request, completion, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientFailure($"no answer within {timeout.TotalSeconds:0} s", e, timedOut: true);
        }
        catch (HttpRequestException e) when (IsTls(e) && !Insecure)
        {
            throw new ModelSdkException(
                ErrorCodes.RegistryTlsFailure,
                $"The TLS connection to {Registry} failed: {Innermost(e).Message} If the registry uses a self-signed or private certificate, trust its CA on this machine; "
                    + $"if it is a test registry you trust, add '{Registry}' to ContainerInsecureRegistries.",
                inner: e
            );
        }
        catch (HttpRequestException e)
        {
            throw new TransientFailure(Innermost(e).Message, e, refused: IsRefused(e));
        }
        catch (IOException e)
        {
            throw new TransientFailure(e.Message, e);
        }
    }

    private static bool IsTls(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException;

    private static bool IsRefused(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || e.InnerException is SocketException;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }
        if (retryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }
        return null;
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

/// <summary>A failure worth retrying: dropped connection, timeout, refused connection.</summary>
internal sealed class TransientFailure(string message, Exception? inner, bool timedOut = false, bool refused = false)
    : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;

    public ModelSdkException ToCoded(string registry, string what, int attempts)
    {
        if (TimedOut)
        {
            return new ModelSdkException(
                ErrorCodes.RegistryTimeout,
                $"{registry} did not answer {what} in time ({Message}), {attempts} attempts. Check the network; a slow link may need a larger timeout.",
                inner: this
            );
        }
        return new ModelSdkException(
            ErrorCodes.RegistryUnreachable,
            refused
                ? $"{registry} could not be reached ({Message}) after {attempts} attempts. Check ContainerRegistry (host and port), that the registry is running, and proxy settings (HTTPS_PROXY/NO_PROXY)."
                : $"The connection to {registry} kept failing during {what} ({Message}) after {attempts} attempts. Check the network and the registry's health, then publish again; blobs already sent are not sent again.",
            inner: this
        );
    }
}
