namespace ModelSdk.Registry;

/// <summary>How the client talks to registries. Defaults suit CI; tests shrink the delays.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// Registries (host[:port]) that may be reached over plain HTTP or HTTPS with an untrusted certificate.
    /// localhost, 127.0.0.1 and [::1] are always allowed.
    /// </summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>Where credentials come from; defaults to the process environment and the docker config.</summary>
    public CredentialResolver? Credentials { get; init; }

    public IRegistryLog Log { get; init; } = NullRegistryLog.Instance;

    public IProgress<BlobProgress>? Progress { get; init; }

    /// <summary>Blobs uploaded (or downloaded) at the same time.</summary>
    public int MaxParallelTransfers { get; init; } = 3;

    /// <summary>Chunk size when uploading in chunks (raised to the registry's OCI-Chunk-Min-Length).</summary>
    public long ChunkSize { get; init; } = 16L << 20;

    /// <summary>Always upload in chunks rather than one monolithic PUT (some proxies limit request size).</summary>
    public bool ForceChunkedUpload { get; init; }

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Timeout of a request without a body, and the base of a transfer's timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>A transfer gets <see cref="RequestTimeout"/> plus its size at this rate before it is abandoned.</summary>
    public long MinimumBytesPerSecond { get; init; } = 256 * 1024;

    /// <summary>Test hook: the handler that carries requests (for example one that trusts a test CA).</summary>
    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    public TimeSpan TimeoutFor(long bytes) =>
        RequestTimeout + TimeSpan.FromSeconds((double)Math.Max(0, bytes) / Math.Max(1, MinimumBytesPerSecond));

    /// <summary>Treat localhost, 127.0.0.1 and [::1] as insecure (plain HTTP allowed). Tests switch it off to check TLS errors.</summary>
    public bool LoopbackIsInsecure { get; init; } = true;

    public bool IsInsecure(string registry)
    {
        var host = HostOf(registry);
        return (LoopbackIsInsecure && host is "localhost" or "127.0.0.1" or "[::1]")
            || InsecureRegistries.Any(r =>
                string.Equals(r.Trim(), registry, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.Trim(), host, StringComparison.OrdinalIgnoreCase)
            );
    }

    private static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            var end = registry.IndexOf(']');
            return end > 0 ? registry[..(end + 1)] : registry;
        }
        var colon = registry.IndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }
}

/// <summary>Retries with exponential backoff for 5xx, 429 and dropped connections.</summary>
public sealed class RetryPolicy
{
    /// <summary>Attempts per request, the first one included.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before attempt <paramref name="attempt"/> (2 is the first retry); Retry-After wins, capped.</summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } after)
        {
            return after < MaxDelay ? (after < TimeSpan.Zero ? TimeSpan.Zero : after) : MaxDelay;
        }
        var factor = Math.Pow(2, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        // Jitter keeps parallel uploads from retrying in lockstep.
        return delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Random.Shared.NextDouble()));
    }
}
