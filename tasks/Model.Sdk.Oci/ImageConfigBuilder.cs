using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>Builds the image config from the base's config: keeps what the base sets, applies ours on top.</summary>
public static class ImageConfigBuilder
{
    public const string DefaultUser = "1000:1000";

    public static JsonObject Build(BaseImage baseImage, ImageSpec spec, IReadOnlyList<LayerDescriptor> layers)
    {
        var config = (JsonObject)baseImage.Config.DeepClone();
        config.Remove("created");
        var created = Created(spec.SourceDateEpoch);
        if (created is not null)
        {
            config["created"] = created;
        }
        config["os"] ??= spec.Platform.Os;
        config["architecture"] ??= spec.Platform.Architecture;
        var run = config["config"] as JsonObject ?? new JsonObject();
        config["config"] = run;
        var options = spec.Config;
        run["Env"] = MergeEnvironment(run["Env"] as JsonArray, options.Environment);
        SetPorts(run, options.ExposedPorts);
        SetUserAndDirectory(run, options);
        SetEntrypoint(run, options, baseImage);
        run["Labels"] = MergeLabels(run["Labels"] as JsonObject, options.Labels);
        var diffIds = new JsonArray(layers.Select(l => (JsonNode?)l.DiffId).ToArray());
        config["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds };
        config["history"] = History(config["history"] as JsonArray ?? [], spec.Layers, created);
        return config;
    }

    private static void SetPorts(JsonObject run, IEnumerable<string> exposedPorts)
    {
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        if (run["ExposedPorts"] is JsonObject basePorts)
        {
            ports.UnionWith(basePorts.Select(p => p.Key));
        }
        ports.UnionWith(exposedPorts);
        if (ports.Count > 0)
        {
            run["ExposedPorts"] = new JsonObject(
                ports.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject()))
            );
        }
    }

    /// <summary>ContainerUser, else the base's user unless it is root, else <see cref="DefaultUser"/>.</summary>
    private static void SetUserAndDirectory(JsonObject run, ImageConfigOptions options)
    {
        var baseUser = (string?)run["User"];
        run["User"] =
            options.User is { Length: > 0 } user ? user
            : baseUser is { Length: > 0 } && !IsRoot(baseUser) ? baseUser
            : DefaultUser;
        if (options.WorkingDirectory is { Length: > 0 } workdir)
        {
            run["WorkingDir"] = workdir;
        }
    }

    private static void SetEntrypoint(JsonObject run, ImageConfigOptions options, BaseImage baseImage)
    {
        if (options.Entrypoint is not null)
        {
            run["Entrypoint"] = new JsonArray(options.Entrypoint.Select(e => (JsonNode?)e).ToArray());
            run.Remove("Cmd");
        }
        if (options.Command is not null)
        {
            run["Cmd"] = new JsonArray(options.Command.Select(e => (JsonNode?)e).ToArray());
        }
        if (options.RequireEntrypoint && IsEmpty(run["Entrypoint"]) && IsEmpty(run["Cmd"]))
        {
            throw new ModelSdkException(
                ErrorCodes.NoEntrypoint,
                $"The image would have no entrypoint: its base ({(baseImage.ManifestDigest is { } digest ? "manifest " + digest : "none: scratch")}) sets neither Entrypoint nor Cmd, so nothing would serve the model. Use a base image that runs the serving runtime (the SDK's embedded default does), or set ModelImageWithoutBase to true if you want an image that runs nothing by itself."
            );
        }
    }

    /// <summary>The base's labels with ours on top, sorted by key.</summary>
    private static JsonObject MergeLabels(JsonObject? baseLabels, IReadOnlyDictionary<string, string> ours)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in baseLabels ?? [])
        {
            labels[key] = value?.ToString() ?? "";
        }
        foreach (var (key, value) in ours)
        {
            labels[key] = value;
        }
        return new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
    }

    /// <summary>The base's history with one entry for each of our layers.</summary>
    private static JsonArray History(JsonArray history, IEnumerable<LayerSpec> layers, string? created)
    {
        foreach (var layer in layers)
        {
            var entry = new JsonObject();
            if (created is not null)
            {
                entry["created"] = created;
            }
            entry["created_by"] = "Model.Sdk: " + layer.Description;
            history.Add(entry);
        }
        return history;
    }

    public static string? Created(long? sourceDateEpoch) =>
        sourceDateEpoch is { } epoch
            ? DateTimeOffset
                .FromUnixTimeSeconds(epoch)
                .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;

    private static bool IsEmpty(JsonNode? node) => node is not JsonArray { Count: > 0 };

    private static bool IsRoot(string user) =>
        user is "0" or "root" || user.StartsWith("0:") || user.StartsWith("root:");

    private static JsonArray MergeEnvironment(JsonArray? baseEnv, IReadOnlyList<KeyValuePair<string, string>> ours)
    {
        var list = (baseEnv ?? []).Select(e => e?.ToString() ?? "").ToList();
        foreach (var (name, value) in ours)
        {
            var item = $"{name}={value}";
            var index = list.FindIndex(e => e.StartsWith(name + "=", StringComparison.Ordinal));
            if (index >= 0)
            {
                list[index] = item;
            }
            else
            {
                list.Add(item);
            }
        }
        return new JsonArray(list.Select(e => (JsonNode?)e).ToArray());
    }
}
