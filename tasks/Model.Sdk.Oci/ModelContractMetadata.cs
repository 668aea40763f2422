using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// What the image takes from contract.json: MODEL_PARAM_* variables with each parameter's default,
/// org.opencontainers.image.* annotations from the package section, and model labels (framework, purpose, resources).
/// </summary>
public sealed record ModelContractMetadata(
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> ModelNames,
    string? PackageName,
    string? PackageVersion
)
{
    public const string LabelPrefix = "io.modelsdk.";

    public static ModelContractMetadata Read(string contractJsonPath)
    {
        JsonObject root;
        try
        {
            root =
                JsonNode.Parse(File.ReadAllBytes(contractJsonPath)) as JsonObject
                ?? throw new JsonException("the top level is not an object");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ModelSdkException(
                ErrorCodes.ModelFolderInvalid,
                $"'{contractJsonPath}' could not be read ({e.Message}). It is written by the build; build the project again.",
                contractJsonPath,
                inner: e
            );
        }

        var env = new List<KeyValuePair<string, string>>();
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        var details = (root["modelDetails"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var single = details.Count == 1;
        foreach (var model in details)
        {
            var name = Text(model["name"]) ?? "";
            names.Add(name);
            var prefix = single ? LabelPrefix + "model." : $"{LabelPrefix}model.{name}.";
            AddIfPresent(labels, prefix + "name", name);
            AddIfPresent(labels, prefix + "framework", Text(model["framework"]));
            AddIfPresent(labels, prefix + "purpose", Text(model["purpose"]));
            AddIfPresent(labels, prefix + "file", Text(model["file"]));
            if (model["resources"] is JsonObject resources)
            {
                foreach (var (key, value) in resources)
                {
                    AddIfPresent(labels, prefix + "resources." + key, Text(value));
                }
            }
            foreach (var parameter in (model["parameters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // contract.json names the variable (the runtime reads the same key): one rule, in the contract writer.
                if (Text(parameter["env"]) is { Length: > 0 } variable && env.All(e => e.Key != variable))
                {
                    env.Add(KeyValuePair.Create(variable, Text(parameter["default"]) ?? ""));
                }
            }
        }
        if (names.Count > 0)
        {
            labels[LabelPrefix + "models"] = string.Join(",", names);
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var package = root["package"] as JsonObject;
        var packageName = Text(package?["name"]);
        var packageVersion = Text(package?["version"]);
        AddIfPresent(annotations, "org.opencontainers.image.title", packageName);
        AddIfPresent(annotations, "org.opencontainers.image.description", Text(package?["description"]));
        AddIfPresent(annotations, "org.opencontainers.image.version", packageVersion);
        AddIfPresent(annotations, "org.opencontainers.image.licenses", Text(package?["license"]));
        AddIfPresent(annotations, "org.opencontainers.image.authors", Text(package?["authors"]));
        return new ModelContractMetadata(env, labels, annotations, names, packageName, packageVersion);
    }

    private static void AddIfPresent(IDictionary<string, string> target, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[key] = value;
        }
    }

    // Strings as they are, arrays joined with ',', numbers and booleans in their JSON spelling.
    private static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonArray array => string.Join(",", array.Select(Text)),
            JsonObject obj => obj.ToJsonString(),
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
}
