namespace ModelSdk.Registry.Tests.Support;

/// <summary>Builds clients with fast retries and an isolated environment (no real docker config, no real variables).</summary>
public static class Clients
{
    public static readonly RetryPolicy FastRetry = new()
    {
        MaxAttempts = 5,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public static RegistryClient Create(
        ListLog? log = null,
        ListProgress? progress = null,
        IDictionary<string, string>? environment = null,
        Func<RegistryOptions, RegistryOptions>? configure = null
    )
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        // An empty HOME keeps the machine's ~/.docker/config.json out of the tests.
        env.TryAdd("HOME", Path.Combine(Path.GetTempPath(), "modelsdk-no-home-" + Guid.NewGuid().ToString("N")));
        var options = new RegistryOptions
        {
            Log = log ?? new ListLog(),
            Progress = progress,
            Retry = FastRetry,
            Credentials = new CredentialResolver(
                name => env.TryGetValue(name, out var value) ? value : null,
                new SecretRedactor()
            ),
        };
        return new RegistryClient(configure is null ? options : configure(options));
    }

    public static RegistryOptions With(this RegistryOptions o, Action<RegistryOptionsBuilder> change)
    {
        var b = new RegistryOptionsBuilder(o);
        change(b);
        return b.Build();
    }
}

/// <summary>Copies options with a few changes (RegistryOptions is init-only).</summary>
public sealed class RegistryOptionsBuilder(RegistryOptions o)
{
    public bool ForceChunked { get; set; } = o.ForceChunkedUpload;
    public long ChunkSize { get; set; } = o.ChunkSize;
    public TimeSpan RequestTimeout { get; set; } = o.RequestTimeout;
    public long MinimumBytesPerSecond { get; set; } = o.MinimumBytesPerSecond;
    public RetryPolicy Retry { get; set; } = o.Retry;
    public bool LoopbackIsInsecure { get; set; } = o.LoopbackIsInsecure;
    public int MaxParallel { get; set; } = o.MaxParallelTransfers;
    public IReadOnlyCollection<string> Insecure { get; set; } = o.InsecureRegistries;

    public RegistryOptions Build() =>
        new()
        {
            Log = o.Log,
            Progress = o.Progress,
            Credentials = o.Credentials,
            MaxParallelTransfers = MaxParallel,
            ForceChunkedUpload = ForceChunked,
            ChunkSize = ChunkSize,
            RequestTimeout = RequestTimeout,
            MinimumBytesPerSecond = MinimumBytesPerSecond,
            Retry = Retry,
            LoopbackIsInsecure = LoopbackIsInsecure,
            InsecureRegistries = Insecure,
        };
}
