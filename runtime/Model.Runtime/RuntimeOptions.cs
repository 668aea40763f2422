using ModelRuntime.OnnxRuntime;

namespace ModelRuntime;

/// <summary>Settings from configuration (environment variables, command line).</summary>
public sealed class RuntimeOptions(IConfiguration configuration)
{
    public const long DefaultMaxRequestBytes = 64L << 20;

    /// <summary>MODEL_CONTRACT or --contract; /model/contract.json by default.</summary>
    public string ContractPath { get; } =
        configuration["MODEL_CONTRACT"] ?? configuration["contract"] ?? "/model/contract.json";

    /// <summary>MODEL_MAX_REQUEST_BYTES: the largest request body (REST) or message (gRPC) accepted.</summary>
    public long MaxRequestBytes { get; } =
        long.TryParse(configuration["MODEL_MAX_REQUEST_BYTES"], out var max) && max > 0 ? max : DefaultMaxRequestBytes;

    /// <summary>MODEL_ORT_OPTIMIZATION: disable, basic, extended or all (default).</summary>
    public GraphOptimizationLevel OptimizationLevel { get; } =
        configuration["MODEL_ORT_OPTIMIZATION"]?.ToLowerInvariant() switch
        {
            "disable" or "none" => GraphOptimizationLevel.DisableAll,
            "basic" => GraphOptimizationLevel.Basic,
            "extended" => GraphOptimizationLevel.Extended,
            _ => GraphOptimizationLevel.All,
        };

    public string? Setting(string key) => configuration[key];
}
