using System.Net.Http.Headers;

namespace ModelSdk.Registry;

/// <summary>
/// What the handlers of a registry session need to know about one request, carried in its options: how to build it
/// again (a request is sent at most once, so a retry or a re-authentication sends a fresh copy), what it does (for
/// messages), the scopes its token needs, whether to retry it, its timeout and whether to buffer the answer.
/// A request without a rebuild function is never sent twice; the caller's own resume logic stays in charge.
/// </summary>
internal static class RegistryRequest
{
    public static readonly HttpRequestOptionsKey<Func<HttpRequestMessage>> Rebuild = new("ModelSdk.Rebuild");
    public static readonly HttpRequestOptionsKey<string> What = new("ModelSdk.What");
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("ModelSdk.Scopes");
    public static readonly HttpRequestOptionsKey<bool> Retry = new("ModelSdk.Retry");
    public static readonly HttpRequestOptionsKey<TimeSpan> Timeout = new("ModelSdk.Timeout");
    public static readonly HttpRequestOptionsKey<bool> Buffer = new("ModelSdk.Buffer");

    /// <summary>Sent on every request, registry and token service alike.</summary>
    public static readonly ProductInfoHeaderValue UserAgent = new("Model.Sdk", "1.0");

    /// <summary>Builds the first copy of a request and records how to build the next.</summary>
    public static HttpRequestMessage Create(
        Func<HttpRequestMessage> build,
        string what,
        IReadOnlyList<string>? scopes,
        bool retry,
        TimeSpan timeout,
        bool buffer
    )
    {
        var request = build();
        request.Options.Set(Rebuild, build);
        request.Options.Set(What, what);
        if (scopes is not null)
        {
            request.Options.Set(Scopes, scopes);
        }
        request.Options.Set(Retry, retry);
        request.Options.Set(Timeout, timeout);
        request.Options.Set(Buffer, buffer);
        return request;
    }

    public static bool CanReplay(HttpRequestMessage request) => request.Options.TryGetValue(Rebuild, out _);

    public static string WhatOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(What, out var what) ? what : $"{request.Method} {request.RequestUri}";

    /// <summary>A fresh copy of <paramref name="request"/> with the same options; only for replayable requests.</summary>
    public static HttpRequestMessage Replay(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(Rebuild, out var build))
        {
            throw new InvalidOperationException("This request cannot be sent again.");
        }
        var copy = build();
        IDictionary<string, object?> options = copy.Options;
        foreach (var (key, value) in request.Options)
        {
            options[key] = value;
        }
        return copy;
    }
}
