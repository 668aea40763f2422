using ModelRuntime.OnnxRuntime;

namespace ModelRuntime;

/// <summary>Settings from configuration (environment variables, command line).</summary>
public sealed class RuntimeOptions
{
    public const long DefaultMaxRequestBytes = 64L << 20;

    /// <summary>The default request memory budget, as a multiple of <see cref="MaxRequestBytes"/>.</summary>
    public const int RequestMemoryMultiple = 4;

    public const int DefaultMaxInstances = 64;

    public const int DefaultContractWaitSeconds = 60;

    private readonly IConfiguration _configuration;

    public RuntimeOptions(IConfiguration configuration)
    {
        _configuration = configuration;
        ContractPath = configuration["MODEL_CONTRACT"] ?? configuration["contract"] ?? "/model/contract.json";
        ContractWait = TimeSpan.FromSeconds(
            long.TryParse(configuration["MODEL_CONTRACT_WAIT_SECONDS"], out var wait) && wait >= 0
                ? wait
                : DefaultContractWaitSeconds
        );
        MaxRequestBytes = Positive(configuration["MODEL_MAX_REQUEST_BYTES"]) ?? DefaultMaxRequestBytes;
        // Never below the body limit: a request must at least be able to hold its own body.
        MaxRequestMemoryBytes = Math.Max(
            MaxRequestBytes,
            Positive(configuration["MODEL_MAX_REQUEST_MEMORY_BYTES"]) ?? MaxRequestBytes * RequestMemoryMultiple
        );
        MaxInstances = (int)
            Math.Min(int.MaxValue, Positive(configuration["MODEL_MAX_INSTANCES"]) ?? DefaultMaxInstances);
        OptimizationLevel = configuration["MODEL_ORT_OPTIMIZATION"]?.ToLowerInvariant() switch
        {
            "disable" or "none" => GraphOptimizationLevel.DisableAll,
            "basic" => GraphOptimizationLevel.Basic,
            "extended" => GraphOptimizationLevel.Extended,
            _ => GraphOptimizationLevel.All,
        };
        OrtSpinning = !string.Equals(configuration["MODEL_ORT_SPINNING"], "false", StringComparison.OrdinalIgnoreCase);
        OrtArena = string.Equals(configuration["MODEL_ORT_ARENA"], "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// MODEL_ORT_ARENA: true keeps ONNX Runtime's memory from run to run (its arena); false (default) gives memory back
    /// when a run ends, so one large request does not hold memory for good.
    /// </summary>
    public bool OrtArena { get; }

    /// <summary>
    /// MODEL_ORT_SPINNING: false makes ONNX Runtime's threads sleep between runs (true, its default, spins them).
    /// </summary>
    public bool OrtSpinning { get; }

    /// <summary>MODEL_CONTRACT or --contract; /model/contract.json by default.</summary>
    public string ContractPath { get; }

    /// <summary>
    /// MODEL_CONTRACT_WAIT_SECONDS (default 60): how long to wait at start for a contract file that does not exist
    /// yet. A KServe modelcar sidecar links /mnt/models only once it runs, which can be after the runtime starts.
    /// </summary>
    public TimeSpan ContractWait { get; }

    /// <summary>MODEL_MAX_REQUEST_BYTES: the largest request body (REST) or message (gRPC) accepted.</summary>
    public long MaxRequestBytes { get; }

    /// <summary>
    /// MODEL_MAX_REQUEST_MEMORY_BYTES: what REST request bodies and their parsed input tensors may hold at once,
    /// all requests together (default 4 × MODEL_MAX_REQUEST_BYTES).
    /// </summary>
    public long MaxRequestMemoryBytes { get; }

    /// <summary>MODEL_MAX_INSTANCES: the most instances (images or records) one v1 predict request may hold.</summary>
    public int MaxInstances { get; }

    /// <summary>MODEL_ORT_OPTIMIZATION: disable, basic, extended or all (default).</summary>
    public GraphOptimizationLevel OptimizationLevel { get; }

    public string? Setting(string key) => _configuration[key];

    private static long? Positive(string? text) => long.TryParse(text, out var value) && value > 0 ? value : null;
}
