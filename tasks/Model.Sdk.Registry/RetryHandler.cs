using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ModelSdk.Registry;

/// <summary>
/// Gives each attempt its timeout, turns network failures into <see cref="TransientFailure"/> (and TLS failures of a
/// secure registry into MODEL coded errors), and, for requests marked for retry, sends a fresh copy after 5xx, 429,
/// timeouts and dropped connections with backoff. After the last attempt a failure becomes a coded error; a request
/// not marked for retry is sent once and its failure surfaces as <see cref="TransientFailure"/> for the caller's
/// own resume logic.
/// </summary>
internal sealed class RetryHandler(
    string registry,
    bool insecure,
    RetryPolicy policy,
    TimeSpan defaultTimeout,
    IRegistryLog log,
    HttpMessageHandler inner
) : DelegatingHandler(inner)
{
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (
            (int)status >= 500
            && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported
        );

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var retry = request.Options.TryGetValue(RegistryRequest.Retry, out var r) && r;
        var attempts = retry && RegistryRequest.CanReplay(request) ? Math.Max(1, policy.MaxAttempts) : 1;
        var what = RegistryRequest.WhatOf(request);
        var current = request;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await AttemptAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailure failure) when (retry)
            {
                if (attempt >= attempts)
                {
                    throw failure.ToCoded(registry, what, attempt);
                }
                await WaitAsync(what, failure.Message, attempt, attempts, null, cancellationToken)
                    .ConfigureAwait(false);
                current = Next(current, request);
                continue;
            }
            if (retry && IsRetryable(response.StatusCode) && attempt < attempts)
            {
                var said = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                var retryAfter = RetryAfter(response);
                response.Dispose();
                await WaitAsync(what, said, attempt, attempts, retryAfter, cancellationToken).ConfigureAwait(false);
                current = Next(current, request);
                continue;
            }
            return response;
        }
    }

    private static HttpRequestMessage Next(HttpRequestMessage current, HttpRequestMessage original)
    {
        if (!ReferenceEquals(current, original))
        {
            current.Dispose();
        }
        return RegistryRequest.Replay(original);
    }

    private async Task WaitAsync(
        string what,
        string failure,
        int attempt,
        int attempts,
        TimeSpan? retryAfter,
        CancellationToken cancellationToken
    )
    {
        var delay = policy.DelayBefore(attempt + 1, retryAfter);
        log.Verbose(
            $"{what}: {failure}; retrying in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {attempts})."
        );
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt under its own timeout; the answer is buffered here when asked, so a drop is retried.</summary>
    private async Task<HttpResponseMessage> AttemptAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var timeout = request.Options.TryGetValue(RegistryRequest.Timeout, out var t) ? t : defaultTimeout;
        var buffer = request.Options.TryGetValue(RegistryRequest.Buffer, out var b) && b;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, timeoutSource.Token).ConfigureAwait(false);
            if (buffer)
            {
                // net8 has no cancellable LoadIntoBufferAsync: a timeout aborts the read by disposing the response.
                var answer = response;
                await using var abort = timeoutSource.Token.Register(answer.Dispose).ConfigureAwait(false);
                await answer.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            }
            return response;
        }
        catch (Exception e)
            when (Classify(
                    e,
                    timeout,
                    timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                )
                    is { } classified
            )
        {
            response?.Dispose();
            throw classified;
        }
    }

    private Exception? Classify(Exception e, TimeSpan timeout, bool timedOut) =>
        e switch
        {
            _ when timedOut => new TransientFailure($"no answer within {timeout.TotalSeconds:0} s", e, timedOut: true),
            HttpRequestException h when IsTls(h) && !insecure => new ModelSdkException(
                ErrorCodes.RegistryTlsFailure,
                $"The TLS connection to {registry} failed: {Innermost(h).Message} If the registry uses a self-signed or private certificate, trust its CA on this machine; "
                    + $"if it is a test registry you trust, add '{registry}' to ContainerInsecureRegistries.",
                inner: h
            ),
            HttpRequestException h => new TransientFailure(Innermost(h).Message, h, refused: IsRefused(h)),
            IOException => new TransientFailure(e.Message, e),
            _ => null,
        };

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
}
