using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelSdk.Contracts.Imports;

/// <summary>
/// A Hydrosphere model folder: serving.yaml (kind: Model: name, runtime, install-command, payload, contract, ...)
/// and/or contract.prototxt (a ModelContract in protobuf text format). The contract becomes the declared contract.
/// </summary>
public static class HydrosphereImporter
{
    public const string ServingFile = "serving.yaml";
    public const string PrototxtFile = "contract.prototxt";

    private static readonly Dictionary<string, string> FrameworkByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".onnx"] = "onnx",
        [".pb"] = "tensorflow",
        [".caffemodel"] = "caffe",
        [".weights"] = "darknet",
        [".xml"] = "dldt",
        [".engine"] = "tensor-rt",
        [".hef"] = "hailo",
    };

    /// <summary>True when <paramref name="directory"/> holds a Hydrosphere model (a serving.yaml of kind Model, or a contract.prototxt).</summary>
    public static bool IsHydrosphereFolder(string directory) =>
        File.Exists(Path.Combine(directory, PrototxtFile))
        || ServingKind(Path.Combine(directory, ServingFile)) == "Model";

    /// <summary>Reads the folder; a converted contract.prototxt is written as YAML into <paramref name="intermediateDirectory"/>.</summary>
    public static FolderImport Read(string directory, string intermediateDirectory)
    {
        var serving = Path.Combine(directory, ServingFile);
        var prototxt = Path.Combine(directory, PrototxtFile);
        var hasServing = ServingKind(serving) == "Model";
        var import = new FolderImport(hasServing ? serving : prototxt);
        var servingHasContract = hasServing && ReadServing(import, serving, directory);
        if (servingHasContract)
        {
            import.ContractFile = serving;
        }
        else if (File.Exists(prototxt))
        {
            var yaml = PrototxtContract.ToYaml(File.ReadAllText(prototxt), prototxt);
            Directory.CreateDirectory(intermediateDirectory);
            var converted = Path.Combine(intermediateDirectory, "hydrosphere.contract.yaml");
            if (!File.Exists(converted) || File.ReadAllText(converted) != yaml)
                File.WriteAllText(converted, yaml);
            import.ContractFile = converted;
        }
        return import;
    }

    private static string? ServingKind(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            return stream
                .Documents.Select(d => d.RootNode)
                .OfType<YamlMappingNode>()
                .Select(m =>
                    m.Children.TryGetValue(new YamlScalarNode("kind"), out var k) ? (k as YamlScalarNode)?.Value : null
                )
                .FirstOrDefault(k => k == "Model");
        }
        catch (YamlException)
        {
            return "Model"; // Not ours to judge here: the import reports the syntax error with its line.
        }
    }

    /// <summary>Returns whether the resource has a contract block.</summary>
    private static bool ReadServing(FolderImport import, string path, string directory)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            root = stream
                .Documents.Select(d => d.RootNode)
                .OfType<YamlMappingNode>()
                .First(m =>
                    m.Children.TryGetValue(new YamlScalarNode("kind"), out var k)
                    && (k as YamlScalarNode)?.Value == "Model"
                );
        }
        catch (YamlException e)
        {
            throw new ModelSdkException(
                ErrorCodes.HydrosphereInvalid,
                $"serving.yaml cannot be imported: {e.InnerException?.Message ?? e.Message} Fix the YAML.",
                path,
                (int)e.Start.Line
            );
        }
        var unsupported = new List<string>();
        var hasContract = false;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case "kind":
                    break;
                case "name":
                    import.Set("ModelName", (value as YamlScalarNode)?.Value, "name");
                    break;
                case "contract":
                    hasContract = true;
                    break;
                case "payload":
                    ReadPayload(import, value, path, directory);
                    break;
                default:
                    unsupported.Add(key);
                    break;
            }
        }
        import.Unsupported(
            unsupported,
            "serving.yaml keys",
            "the image runs Model.Sdk's ONNX serving runtime, not a Hydrosphere runtime, installs nothing, and takes its metadata from the project."
        );
        return hasContract;
    }

    private static void ReadPayload(FolderImport import, YamlNode payload, string path, string directory)
    {
        if (payload is not YamlSequenceNode entries)
        {
            throw new ModelSdkException(
                ErrorCodes.HydrosphereInvalid,
                "serving.yaml 'payload' must be a list of files, e.g. [model.onnx, labels.txt].",
                path,
                (int)payload.Start.Line
            );
        }
        var unused = new List<string>();
        foreach (var entry in entries.OfType<YamlScalarNode>().Select(e => e.Value ?? ""))
        {
            var relative = entry.StartsWith("./", StringComparison.Ordinal) ? entry[2..] : entry;
            var extension = Path.GetExtension(relative);
            if (
                import.ModelFile is null
                && FrameworkByExtension.TryGetValue(extension, out var framework)
                && File.Exists(Path.Combine(directory, relative))
            )
            {
                import.ModelFile = relative;
                import.Set("ModelFramework", framework, $"payload '{entry}'");
            }
            else if (import.LabelFile is null && relative.EndsWith("labels.txt", StringComparison.OrdinalIgnoreCase))
            {
                import.LabelFile = relative;
            }
            else
            {
                unused.Add(entry);
            }
        }
        import.Unsupported(
            unused,
            "payload entries",
            "only the model file and its labels are served; code and requirements are for Hydrosphere's Python runtime."
        );
    }
}
