using System.Text;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// The provenance of one image manifest: an in-toto Statement v1 with a SLSA Provenance v1 predicate. The builder
/// is Model.Sdk (with its version); external parameters are the build settings that change the image (read from
/// the image config, so they are what was built); resolved dependencies are the source revision, the base image
/// and every file of the model folder (model files, labels, contract) with their digests. Times come from
/// SOURCE_DATE_EPOCH only.
/// </summary>
public static class SlsaProvenance
{
    public const string MediaType = "application/vnd.in-toto+json";
    public const string PredicateType = "https://slsa.dev/provenance/v1";
    public const string BuildType = "https://modelsdk.io/provenance/model-image/v1";
    public const string BuilderId = "https://modelsdk.io/builder/Model.Sdk";

    public static byte[] Generate(SupplyChainInputs inputs)
    {
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = inputs.ImageName,
                    ["digest"] = new JsonObject { ["sha256"] = inputs.Subject.Hex },
                }
            ),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = ExternalParameters(inputs),
                    ["internalParameters"] = new JsonObject { ["sdkVersion"] = inputs.SdkVersion },
                    ["resolvedDependencies"] = ResolvedDependencies(inputs),
                },
                ["runDetails"] = RunDetails(inputs),
            },
        };
        return Encoding.UTF8.GetBytes(statement.ToJsonString(OciJson.Options));
    }

    private static JsonObject ExternalParameters(SupplyChainInputs inputs)
    {
        var config = inputs.Config["config"] as JsonObject;
        var parameters = new JsonObject
        {
            ["image"] = inputs.ImageName,
            ["tags"] = new JsonArray(inputs.Tags.Select(t => (JsonNode?)t).ToArray()),
            ["platform"] = inputs.Platform.ToString(),
            ["baseImage"] = inputs.Annotation(Annotations.BaseName) ?? "",
            ["user"] = (string?)config?["User"] ?? "",
            ["workingDirectory"] = (string?)config?["WorkingDir"] ?? "",
            ["ports"] = new JsonArray(
                (config?["ExposedPorts"] as JsonObject ?? [])
                    .Select(p => p.Key)
                    .Order(StringComparer.Ordinal)
                    .Select(p => (JsonNode?)p)
                    .ToArray()
            ),
            ["environment"] = config?["Env"]?.DeepClone() ?? new JsonArray(),
            ["labels"] = config?["Labels"]?.DeepClone() ?? new JsonObject(),
            ["layerMediaTypes"] = new JsonArray(
                inputs.Manifest.Layers.Select(l => l.MediaType).Distinct().Select(m => (JsonNode?)m).ToArray()
            ),
        };
        if (inputs.SourceDateEpoch is { } epoch)
        {
            parameters["sourceDateEpoch"] = epoch;
        }
        foreach (var (key, value) in inputs.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parameters[key] = value;
        }
        return parameters;
    }

    private static JsonArray ResolvedDependencies(SupplyChainInputs inputs)
    {
        var dependencies = new JsonArray();
        var revision = inputs.Label(Annotations.Revision);
        var source = inputs.Label(Annotations.Source);
        if (revision.Length > 0 || source.Length > 0)
        {
            var dependency = new JsonObject { ["name"] = "source" };
            if (source.Length > 0)
            {
                dependency["uri"] = source.StartsWith("git+", StringComparison.Ordinal) ? source : "git+" + source;
            }
            if (revision.Length > 0)
            {
                dependency["digest"] = new JsonObject { [revision.Length == 64 ? "sha256" : "gitCommit"] = revision };
            }
            dependencies.Add(dependency);
        }
        if (inputs.Annotation(Annotations.BaseDigest) is { Length: > 0 } baseDigest)
        {
            var name = inputs.Annotation(Annotations.BaseName) ?? "base";
            dependencies.Add(
                new JsonObject
                {
                    ["name"] = "base-image",
                    ["uri"] = "oci://" + name.Split('@')[0],
                    ["digest"] = new JsonObject { ["sha256"] = Digest.Hex(baseDigest) },
                }
            );
        }
        foreach (var file in inputs.Model.Files)
        {
            dependencies.Add(
                new JsonObject
                {
                    ["name"] = file.Path,
                    ["digest"] = new JsonObject { ["sha256"] = file.Sha256 },
                }
            );
        }
        return dependencies;
    }

    private static JsonObject RunDetails(SupplyChainInputs inputs)
    {
        var details = new JsonObject
        {
            ["builder"] = new JsonObject
            {
                ["id"] = $"{BuilderId}@{inputs.SdkVersion}",
                ["version"] = new JsonObject { ["Model.Sdk"] = inputs.SdkVersion },
            },
        };
        if (inputs.Time is { } time)
        {
            details["metadata"] = new JsonObject { ["startedOn"] = time, ["finishedOn"] = time };
        }
        return details;
    }
}
