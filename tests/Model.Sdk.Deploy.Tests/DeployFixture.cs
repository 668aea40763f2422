using System.Text.Json.Nodes;
using ModelSdk.ContractModel;
using ModelSdk.Deploy;
using ModelSdk.Testing;
using YamlDotNet.RepresentationModel;

namespace ModelSdk.Deploy.Tests;

/// <summary>A contract.json with the given hints and parameters, and the request that points at it.</summary>
public sealed class DeployFixture : IDisposable
{
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _dir = new("deploy-tests");

    public DeployFixture(ResourceDetails? resources = null, params ParameterDetails[] parameters)
    {
        var document = new ContractDocument
        {
            Models = [new ModelMetadata { Name = "Iris", Platform = "onnxruntime_onnx" }],
            ModelDetails =
            [
                new ModelDetails
                {
                    Name = "Iris",
                    File = "files/iris.onnx",
                    Resources = resources,
                    Parameters = parameters,
                },
            ],
        };
        ContractFile = _dir.Combine("contract.json");
        File.WriteAllBytes(ContractFile, ContractJson.Write(document));
        Request = new DeployRequest
        {
            ProjectFile = _dir.Combine("Iris.modelproj"),
            ContractFile = ContractFile,
            ModelName = "Iris",
            Version = "1.2.0",
            ImageRepository = "localhost:5000/iris",
            ImageTag = "1.2.0",
            ImageDigest = Digest,
            Pushed = true,
        };
    }

    public string ContractFile { get; }
    public DeployRequest Request { get; set; }
    public string Directory => _dir.Path;

    public static ParameterDetails Parameter(string name, string type, string? value) =>
        new()
        {
            Name = name,
            Type = type,
            Default = value is null ? null : JsonValue.Create(value),
            Env = "MODEL_PARAM_" + name.ToUpperInvariant(),
        };

    public IReadOnlyDictionary<string, string> Render() => DeployManifests.Render(DeploySpec.Resolve(Request));

    /// <summary>Every document of a rendered file, parsed back.</summary>
    public static List<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public void Dispose() => _dir.Dispose();
}

public static class YamlPath
{
    /// <summary>The node at a dotted path ("spec.template.spec.containers.0.resources"), or null.</summary>
    public static YamlNode? At(this YamlNode node, string path)
    {
        YamlNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current switch
            {
                YamlMappingNode map => map.Children.TryGetValue(new YamlScalarNode(part), out var child) ? child : null,
                YamlSequenceNode seq when int.TryParse(part, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
        }
        return current;
    }

    public static string? Text(this YamlNode node, string path) => (node.At(path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Kind(this IEnumerable<YamlMappingNode> documents, string kind) =>
        documents.Single(d => d.Text("kind") == kind);
}
