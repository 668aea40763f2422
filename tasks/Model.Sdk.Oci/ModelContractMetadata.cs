using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

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
        ContractDocument document;
        try
        {
            document = ContractJson.Read(File.ReadAllBytes(contractJsonPath));
        }
        catch (Exception e) when (e is ContractFormatException or IOException or UnauthorizedAccessException)
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
        var single = document.ModelDetails.Count == 1;
        foreach (var model in document.ModelDetails)
        {
            names.Add(model.Name);
            AddModelLabels(labels, single ? LabelPrefix + "model." : $"{LabelPrefix}model.{model.Name}.", model);
            foreach (var parameter in model.Parameters)
            {
                // contract.json names the variable (the runtime reads the same key): one rule, in the contract writer.
                if (parameter.Env is { Length: > 0 } variable && env.All(e => e.Key != variable))
                {
                    env.Add(KeyValuePair.Create(variable, Text(parameter.Default) ?? ""));
                }
            }
        }
        if (names.Count > 0)
        {
            labels[LabelPrefix + "models"] = string.Join(",", names);
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var package = document.Package;
        AddIfPresent(annotations, "org.opencontainers.image.title", package?.Name);
        AddIfPresent(annotations, "org.opencontainers.image.description", package?.Description);
        AddIfPresent(annotations, "org.opencontainers.image.version", package?.Version);
        AddIfPresent(annotations, "org.opencontainers.image.licenses", package?.License);
        AddIfPresent(annotations, "org.opencontainers.image.authors", string.Join(",", package?.Authors ?? []));
        // Declared catalog fields (docs/samples.md); the website is the OCI standard url annotation.
        var catalog = package?.Catalog;
        AddIfPresent(annotations, "org.opencontainers.image.url", catalog?.Website);
        AddIfPresent(labels, LabelPrefix + "catalog.dataset", catalog?.Dataset);
        AddIfPresent(labels, LabelPrefix + "catalog.accuracy", catalog?.Accuracy);
        AddIfPresent(labels, LabelPrefix + "catalog.map-top1", catalog?.MeanAveragePrecisionTop1);
        AddIfPresent(labels, LabelPrefix + "catalog.map-top5", catalog?.MeanAveragePrecisionTop5);
        AddIfPresent(labels, LabelPrefix + "catalog.inference-time", catalog?.InferenceTime);
        return new ModelContractMetadata(env, labels, annotations, names, package?.Name, package?.Version);
    }

    private static void AddModelLabels(IDictionary<string, string> labels, string prefix, ModelDetails model)
    {
        AddIfPresent(labels, prefix + "name", model.Name);
        AddIfPresent(labels, prefix + "framework", model.Framework);
        AddIfPresent(labels, prefix + "purpose", model.Purpose);
        AddIfPresent(labels, prefix + "file", model.File);
        if (model.Resources is { } resources)
        {
            foreach (var (key, value) in ContractJson.ToJsonObject(resources))
            {
                AddIfPresent(labels, prefix + "resources." + key, Text(value));
            }
        }
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
