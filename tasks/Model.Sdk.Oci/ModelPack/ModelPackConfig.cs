using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// The ModelPack config (application/vnd.cncf.model.config.v1+json, modelpack/model-spec docs/config.md): descriptor,
/// config and modelfs, each field only when known (the schema allows no empty strings for name, no nulls).
/// </summary>
public static class ModelPackConfig
{
    /// <summary>The precisions docs/config.md lists; a comma-separated list of them is allowed.</summary>
    public static readonly IReadOnlyList<string> Precisions =
    [
        "float32",
        "float64",
        "float16",
        "bfloat16",
        "float8_e4m3",
        "float8_e5m2",
        "complex32",
        "complex64",
        "complex128",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "bool",
    ];

    public static JsonObject Build(
        ModelPackSource source,
        IReadOnlyList<string> diffIds,
        string? architecture,
        string? precision
    )
    {
        var a = source.Annotations;
        var descriptor = new JsonObject();
        Add(descriptor, "createdAt", source.Created);
        AddList(descriptor, "authors", Get(a, "org.opencontainers.image.authors"));
        Add(descriptor, "name", Get(a, "org.opencontainers.image.title"));
        Add(descriptor, "version", Get(a, "org.opencontainers.image.version"));
        Add(descriptor, "description", Get(a, "org.opencontainers.image.description"));
        Add(descriptor, "sourceURL", Get(a, "org.opencontainers.image.source"));
        Add(descriptor, "revision", Get(a, "org.opencontainers.image.revision"));
        AddList(descriptor, "licenses", Get(a, "org.opencontainers.image.licenses"));
        var config = new JsonObject();
        Add(config, "architecture", architecture);
        config["format"] = "onnx";
        Add(config, "precision", ValidatePrecision(precision));
        return new JsonObject
        {
            ["descriptor"] = descriptor,
            ["config"] = config,
            ["modelfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diffIds"] = new JsonArray(diffIds.Select(d => (JsonNode?)d).ToArray()),
            },
        };
    }

    public static string? ValidatePrecision(string? precision)
    {
        if (string.IsNullOrWhiteSpace(precision))
        {
            return null;
        }
        var parts = precision.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => !Precisions.Contains(p)))
        {
            throw new ModelSdkException(
                ErrorCodes.ModelPackPrecisionInvalid,
                $"ModelPackPrecision '{precision}' is not a ModelPack precision. Use one or more of {string.Join(", ", Precisions)}, separated by commas (e.g. float32 or float16,int8)."
            );
        }
        return string.Join(",", parts);
    }

    private static string? Get(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static void Add(JsonObject target, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            target[key] = value.Trim();
        }
    }

    // Model.Sdk writes the package's authors as one comma-separated annotation.
    private static void AddList(JsonObject target, string key, string? value)
    {
        var items = (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length > 0)
        {
            target[key] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray());
        }
    }
}
