using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// The SBOM of one image manifest as CycloneDX 1.6 JSON: the image (metadata.component), the base image and its
/// Debian packages, the serving runtime's .NET runtime packs and NuGet packages, one machine-learning-model
/// component per model (its file's SHA-256, format and model card) and every file of /model with its SHA-256.
/// </summary>
public static class CycloneDxSbom
{
    public const string MediaType = "application/vnd.cyclonedx+json";
    private const string ImageRef = "image";

    public static byte[] Generate(SupplyChainInputs inputs)
    {
        var components = new List<JsonObject>();
        if (BaseImage(inputs) is { } baseImage)
        {
            components.Add(baseImage);
        }
        components.AddRange(inputs.Base?.Components.Select(c => (JsonObject)c.DeepClone()) ?? []);
        components.AddRange(Models(inputs));
        components.AddRange(inputs.Model.Files.Select(FileComponent));
        var sorted = components.OrderBy(c => Rank(c), StringComparer.Ordinal).ToList();
        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = "urn:uuid:" + DerivedUuid(inputs.Subject.Digest + "|cyclonedx"),
            ["version"] = 1,
            ["metadata"] = Metadata(inputs),
            ["components"] = new JsonArray(sorted.Select(c => (JsonNode?)c).ToArray()),
            ["dependencies"] = new JsonArray(
                new JsonObject
                {
                    ["ref"] = ImageRef,
                    ["dependsOn"] = new JsonArray(sorted.Select(c => (JsonNode?)(string?)c["bom-ref"]).ToArray()),
                }
            ),
        };
        return Encoding.UTF8.GetBytes(bom.ToJsonString(OciJson.Options));
    }

    /// <summary>A version 4 style UUID from a hash, so the serial number is the same for the same image.</summary>
    public static string DerivedUuid(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexString(bytes).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static JsonObject Metadata(SupplyChainInputs inputs)
    {
        var metadata = new JsonObject();
        if (inputs.Time is { } time)
        {
            metadata["timestamp"] = time;
        }
        metadata["tools"] = new JsonObject
        {
            ["components"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "application",
                    ["name"] = "Model.Sdk",
                    ["version"] = inputs.SdkVersion,
                    ["purl"] = $"pkg:nuget/Model.Sdk@{inputs.SdkVersion}",
                }
            ),
        };
        metadata["component"] = ImageComponent(inputs);
        return metadata;
    }

    private static JsonObject ImageComponent(SupplyChainInputs inputs)
    {
        var image = new JsonObject
        {
            ["type"] = "container",
            ["bom-ref"] = ImageRef,
            ["name"] = inputs.ImageName,
        };
        if (inputs.Tags.Count > 0)
        {
            image["version"] = inputs.Tags[0];
        }
        if (inputs.Annotation("org.opencontainers.image.description") is { Length: > 0 } description)
        {
            image["description"] = description;
        }
        image["hashes"] = new JsonArray(DebianPackages.Hash(inputs.Subject.Hex));
        image["purl"] = OciPurl(inputs.ImageName, inputs.Subject.Digest, inputs.Platform);
        var properties = new JsonArray(DebianPackages.Property("modelsdk:platform", inputs.Platform.ToString()));
        foreach (var key in new[] { Annotations.Revision, Annotations.Source })
        {
            if (inputs.Label(key) is { Length: > 0 } value)
            {
                properties.Add(DebianPackages.Property(key, value));
            }
        }
        image["properties"] = properties;
        return image;
    }

    private static JsonObject? BaseImage(SupplyChainInputs inputs)
    {
        if (inputs.Annotation(Annotations.BaseDigest) is not { Length: > 0 } digest)
        {
            return null;
        }
        var name = inputs.Annotation(Annotations.BaseName) is { Length: > 0 } n ? n : "base";
        return new JsonObject
        {
            ["type"] = "container",
            ["bom-ref"] = "base-image",
            ["name"] = name,
            ["hashes"] = new JsonArray(DebianPackages.Hash(Digest.Hex(digest))),
            ["purl"] = OciPurl(name, digest, inputs.Platform),
        };
    }

    private static IEnumerable<JsonObject> Models(SupplyChainInputs inputs)
    {
        var package = inputs.Model.Contract.Package;
        foreach (var model in inputs.Model.Contract.ModelDetails)
        {
            var file = inputs.Model.Find(model.File);
            var component = new JsonObject
            {
                ["type"] = "machine-learning-model",
                ["bom-ref"] = "model:" + model.Name,
                ["authors"] = new JsonArray(
                    (package?.Authors ?? []).Select(a => (JsonNode?)new JsonObject { ["name"] = a }).ToArray()
                ),
                ["name"] = model.Name,
                ["version"] =
                    package?.Version
                    ?? model.Onnx?.ModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ?? "",
                ["description"] = package?.Description ?? "",
                ["hashes"] = new JsonArray(file is null ? [] : [DebianPackages.Hash(file.Sha256)]),
            };
            if (package?.License is { Length: > 0 } license)
            {
                component["licenses"] = new JsonArray(new JsonObject { ["expression"] = license });
            }
            component["properties"] = ModelProperties(model, file);
            component["modelCard"] = ModelCard(model);
            yield return Prune(component);
        }
    }

    private static JsonArray ModelProperties(ModelDetails model, ModelFile? file)
    {
        var properties = new JsonArray(
            DebianPackages.Property("modelsdk:file", file?.Path ?? model.File),
            DebianPackages.Property("modelsdk:format", model.Framework),
            DebianPackages.Property("modelsdk:purpose", model.Purpose)
        );
        if (model.Onnx is { } onnx)
        {
            properties.Add(
                DebianPackages.Property(
                    "modelsdk:onnx.irVersion",
                    onnx.IrVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
                )
            );
            foreach (var opset in onnx.Opsets)
            {
                var domain = opset.Domain.Length == 0 ? "ai.onnx" : opset.Domain;
                properties.Add(
                    DebianPackages.Property(
                        $"modelsdk:onnx.opset.{domain}",
                        opset.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    )
                );
            }
            if (onnx.ProducerName.Length > 0)
            {
                properties.Add(
                    DebianPackages.Property(
                        "modelsdk:onnx.producer",
                        $"{onnx.ProducerName} {onnx.ProducerVersion}".Trim()
                    )
                );
            }
        }
        return properties;
    }

    private static JsonObject ModelCard(ModelDetails model)
    {
        var parameters = new JsonObject { ["task"] = model.Purpose };
        if (model.Architecture is { Length: > 0 } architecture)
        {
            parameters["modelArchitecture"] = architecture;
        }
        parameters["inputs"] = new JsonArray(
            model.Inputs.Select(i => (JsonNode?)new JsonObject { ["format"] = TensorFormat(i) }).ToArray()
        );
        parameters["outputs"] = new JsonArray(
            model.Outputs.Select(o => (JsonNode?)new JsonObject { ["format"] = TensorFormat(o) }).ToArray()
        );
        return new JsonObject { ["bom-ref"] = "model-card:" + model.Name, ["modelParameters"] = parameters };
    }

    private static string TensorFormat(TensorDetails tensor) =>
        tensor.OnnxType is { Length: > 0 } type ? $"{tensor.Name}: {type}" : tensor.Name;

    private static JsonObject FileComponent(ModelFile file) =>
        new()
        {
            ["type"] = "file",
            ["bom-ref"] = "file:" + file.Path,
            ["name"] = file.Path,
            ["hashes"] = new JsonArray(DebianPackages.Hash(file.Sha256)),
            ["properties"] = new JsonArray(
                DebianPackages.Property(
                    "modelsdk:size",
                    file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)
                )
            ),
        };

    /// <summary>Empty strings and arrays say nothing; CycloneDX readers are happier without them.</summary>
    private static JsonObject Prune(JsonObject component)
    {
        foreach (var key in component.Select(p => p.Key).ToList())
        {
            if (
                component[key] is JsonArray { Count: 0 }
                || (component[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0)
            )
            {
                component.Remove(key);
            }
        }
        return component;
    }

    // Base image, then OS packages, runtime packages, models, files: each group by bom-ref.
    private static string Rank(JsonObject component)
    {
        var reference = (string?)component["bom-ref"] ?? "";
        var group = reference switch
        {
            "base-image" => "0",
            _ when reference.StartsWith("pkg:deb/", StringComparison.Ordinal) => "1",
            _ when reference.StartsWith("pkg:", StringComparison.Ordinal) => "2",
            _ when reference.StartsWith("model:", StringComparison.Ordinal) => "3",
            _ => "4",
        };
        return group + reference;
    }

    /// <summary>pkg:oci/NAME@sha256%3A...?arch=...&amp;repository_url=... (the purl spec's OCI type).</summary>
    private static string OciPurl(string imageName, string digest, Platform platform)
    {
        var slash = imageName.LastIndexOf('/');
        var name = (slash >= 0 ? imageName[(slash + 1)..] : imageName).Split(':')[0].ToLowerInvariant();
        var purl = $"pkg:oci/{name}@{Uri.EscapeDataString(digest)}?arch={platform.Architecture}";
        var repository = imageName.Split('@')[0];
        if (repository.LastIndexOf(':') is var colon && colon > slash)
        {
            repository = repository[..colon];
        }
        return slash >= 0 ? purl + "&repository_url=" + Uri.EscapeDataString(repository) : purl;
    }
}
