using ModelRuntime.Serving;

namespace ModelRuntime.Memory;

/// <summary>
/// The bytes that REST request bodies and the input tensors parsed from them may hold at once, across all requests
/// in flight (MODEL_MAX_REQUEST_MEMORY_BYTES, default 4 × MODEL_MAX_REQUEST_BYTES). A request reserves before it
/// allocates: more than the whole budget is 413, more than what is free right now is 503 with Retry-After.
/// </summary>
public sealed class RequestMemoryBudget(RuntimeOptions options)
{
    private long _inUse;

    public long Capacity { get; } = options.MaxRequestMemoryBytes;

    public long InUse => Interlocked.Read(ref _inUse);

    public RequestMemoryLease Lease() => new(this);

    internal bool TryTake(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _inUse);
            if (current + bytes > Capacity)
                return false;
            if (Interlocked.CompareExchange(ref _inUse, current + bytes, current) == current)
                return true;
        }
    }

    internal void Give(long bytes) => Interlocked.Add(ref _inUse, -bytes);
}

/// <summary>One request's share of the <see cref="RequestMemoryBudget"/>; disposing gives it all back.</summary>
public sealed class RequestMemoryLease(RequestMemoryBudget budget) : IDisposable
{
    public long Held { get; private set; }

    /// <summary>The most this request held at once.</summary>
    public long Peak { get; private set; }

    public void Reserve(long bytes, string what)
    {
        if (bytes <= 0)
            return;
        if (bytes > budget.Capacity - Held)
        {
            throw new InferenceException(
                413,
                $"{what} needs {bytes} bytes, which with the {Held} bytes this request already holds is more than "
                    + $"the {budget.Capacity} bytes one request may hold (MODEL_MAX_REQUEST_MEMORY_BYTES)"
            );
        }
        if (!budget.TryTake(bytes))
        {
            throw new InferenceException(
                503,
                $"the server is holding its request memory limit ({budget.Capacity} bytes, "
                    + "MODEL_MAX_REQUEST_MEMORY_BYTES) for other requests; retry later"
            )
            {
                RetryAfterSeconds = 1,
            };
        }
        Held += bytes;
        Peak = Math.Max(Peak, Held);
    }

    public void Release(long bytes)
    {
        bytes = Math.Min(bytes, Held);
        Held -= bytes;
        budget.Give(bytes);
    }

    public void Dispose() => Release(Held);
}
