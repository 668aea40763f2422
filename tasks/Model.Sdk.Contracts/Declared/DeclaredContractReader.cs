using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelSdk.Contracts.Declared;

/// <summary>
/// Reads a declared contract: our format (top-level inputs/outputs) or a Hydrosphere serving.yaml (kind: Model with a
/// contract block, new or old form). Throws MODEL0011 for YAML syntax and MODEL0014 for meaning, with file and line.
/// </summary>
public static class DeclaredContractReader
{
    private static readonly string[] OurTopKeys = ["name", "signature", "inputs", "outputs"];
    private static readonly string[] FieldKeys =
    [
        "name",
        "type",
        "shape",
        "profile",
        "description",
        "from",
        "features",
    ];

    public static DeclaredContract Read(string path) => Parse(File.ReadAllText(path), path);

    public static DeclaredContract Parse(string yaml, string file)
    {
        var root = Load(yaml, file);
        var kind = Child(root, "kind");
        if (kind is null)
        {
            RejectUnknownKeys(root, OurTopKeys, file, "a contract");
            return ReadSignature(root, OptionalText(root, "name", file), file);
        }
        var kindText = Text(kind, file);
        if (!string.Equals(kindText, "Model", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(
                kind,
                file,
                $"kind '{kindText}' is not a model; a Hydrosphere serving.yaml must say 'kind: Model'."
            );
        }
        var contract =
            Child(root, "contract")
            ?? throw Invalid(
                root,
                file,
                "a Hydrosphere 'kind: Model' resource needs a 'contract:' block with inputs and outputs."
            );
        var modelName = OptionalText(root, "name", file);
        var block = Mapping(contract, file, "'contract'");
        if (Child(block, "inputs") is not null || Child(block, "outputs") is not null)
        {
            RejectUnknownKeys(block, OurTopKeys, file, "a contract block");
            return ReadSignature(block, modelName, file);
        }
        // Older form: contract: { <signature name>: { inputs: ..., outputs: ... } }.
        if (block.Children.Count != 1)
        {
            throw Invalid(
                block,
                file,
                "the 'contract:' block needs 'inputs:' and 'outputs:' (or exactly one signature holding them)."
            );
        }
        var (signatureKey, signatureNode) = block.Children.First();
        var signature = Mapping(signatureNode, file, $"signature '{Text(signatureKey, file)}'");
        RejectUnknownKeys(signature, ["inputs", "outputs"], file, "a signature");
        return ReadSignature(signature, modelName, file) with { Signature = Text(signatureKey, file) };
    }

    private static YamlMappingNode Load(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw SyntaxError(yaml, file, e.InnerException?.Message ?? e.Message, (int)e.Start.Line);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (no position) for some unclosed flow collections.
            throw SyntaxError(yaml, file, "", 0);
        }
        var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: "" or null }).ToList();
        if (documents.Count == 0)
        {
            throw new ModelSdkException(
                ErrorCodes.InvalidContract,
                $"{Path.GetFileName(file)} is empty; declare 'inputs:' and 'outputs:'.",
                file,
                1
            );
        }
        // A serving.yaml may hold several resources; the first 'kind: Model' one is the contract.
        var model = documents.FirstOrDefault(d =>
            d.RootNode is YamlMappingNode m
            && Child(m, "kind") is YamlScalarNode { Value: string k }
            && k.Equals("Model", StringComparison.OrdinalIgnoreCase)
        );
        var chosen = model ?? documents[0];
        if (model is null && documents.Count > 1)
        {
            throw Invalid(
                documents[1].RootNode,
                file,
                "a contract file holds one YAML document (or Hydrosphere resources with one 'kind: Model')."
            );
        }
        return Mapping(chosen.RootNode, file, "the top level");
    }

    private static ModelSdkException SyntaxError(string yaml, string file, string reason, int reportedLine)
    {
        var tab = reason.Contains("tab", StringComparison.OrdinalIgnoreCase);
        var problem = tab ? YamlSyntaxLocator.FirstTabIndent(yaml) : YamlSyntaxLocator.FirstUnclosed(yaml);
        if (problem is not null && (tab || reportedLine < 1 || problem.Line <= reportedLine))
        {
            reason = reason.Length == 0 ? problem.Text + "." : $"{problem.Text} ({reason.TrimEnd('.')}).";
            reportedLine = problem.Line;
        }
        var line = Math.Max(reportedLine, 1);
        return new ModelSdkException(
            ErrorCodes.YamlSyntax,
            $"{Path.GetFileName(file)} is not valid YAML: {(reason.Length == 0 ? "syntax error." : reason)} Fix the YAML syntax at line {line}.",
            file,
            line
        );
    }

    private static DeclaredContract ReadSignature(YamlMappingNode node, string? modelName, string file) =>
        new(
            file,
            modelName,
            OptionalText(node, "signature", file) ?? OptionalText(node, "name", file),
            ReadFields(Child(node, "inputs"), file, "input"),
            ReadFields(Child(node, "outputs"), file, "output")
        );

    private static List<DeclaredField>? ReadFields(YamlNode? section, string file, string what)
    {
        switch (section)
        {
            case null:
                return null;
            case YamlScalarNode { Value: "" or null }:
                return [];
            case YamlMappingNode map:
                return map
                    .Children.Select(kv => ReadField(Text(kv.Key, file), kv.Key, kv.Value, file, what, named: false))
                    .ToList();
            case YamlSequenceNode list:
                return list
                    .Children.Select(item =>
                    {
                        var nameNode =
                            Child(Mapping(item, file, $"an {what}"), "name")
                            ?? throw Invalid(item, file, $"each {what} in the list needs a 'name:'.");
                        return ReadField(Text(nameNode, file), item, item, file, what, named: true);
                    })
                    .ToList();
            default:
                throw Invalid(
                    section,
                    file,
                    $"{what}s must be a mapping (name: {{type, shape}}) or a list of {{name, type, shape}}."
                );
        }
    }

    private static DeclaredField ReadField(
        string name,
        YamlNode at,
        YamlNode value,
        string file,
        string what,
        bool named
    )
    {
        if (value is YamlScalarNode { Value: "" or null })
        {
            return new DeclaredField { Name = name, Line = LineOf(at) };
        }
        var map = Mapping(value, file, $"{what} '{name}'");
        RejectUnknownKeys(map, named ? FieldKeys : FieldKeys[1..], file, $"{what} '{name}'");
        var field = new DeclaredField
        {
            Name = name,
            Line = LineOf(at),
            From = OptionalText(map, "from", file),
            Description = OptionalText(map, "description", file),
        };
        if (Child(map, "type") is { } type)
        {
            var text = Text(type, file);
            if (!Datatypes.TryParse(text, out var oip))
            {
                throw Invalid(
                    type,
                    file,
                    $"{what} '{name}' has unknown type '{text}'; use one of: {string.Join(", ", Datatypes.AcceptedNames)}."
                );
            }
            field = field with { Datatype = oip, TypeLine = LineOf(type) };
        }
        if (Child(map, "shape") is { } shape)
        {
            field = field with { Shape = ReadShape(shape, file, $"{what} '{name}'"), ShapeLine = LineOf(shape) };
        }
        if (Child(map, "profile") is { } profile)
        {
            var text = Text(profile, file);
            if (!DataProfiles.TryParse(text, out var p))
            {
                throw Invalid(
                    profile,
                    file,
                    $"{what} '{name}' has unknown profile '{text}'; use one of: {string.Join(", ", DataProfiles.Names)}."
                );
            }
            field = field with { Profile = p };
        }
        if (Child(map, "features") is { } features)
        {
            field = field with
            {
                Features = DeclaredFeatures.Read(features, file, $"{what} '{name}'"),
                FeaturesLine = LineOf(features),
            };
        }
        return field;
    }

    private static List<long> ReadShape(YamlNode node, string file, string what)
    {
        if (node is YamlScalarNode scalar && string.Equals(scalar.Value, "scalar", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        if (node is not YamlSequenceNode dims)
        {
            throw Invalid(
                node,
                file,
                $"{what} has a bad shape; write a list such as [-1, 3, 224, 224] (-1 for a dynamic dim) or 'scalar'."
            );
        }
        var result = new List<long>();
        foreach (var dim in dims)
        {
            var text = dim is YamlScalarNode s ? s.Value : null;
            if (
                !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                || value < -1
            )
            {
                throw Invalid(
                    dim,
                    file,
                    $"{what} has a bad dimension '{text}'; each dim is a size >= 0, or -1 when dynamic."
                );
            }
            result.Add(value);
        }
        return result;
    }

    private static void RejectUnknownKeys(YamlMappingNode map, string[] allowed, string file, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Text(key, file);
            if (!allowed.Contains(name))
            {
                throw Invalid(
                    key,
                    file,
                    $"unknown key '{name}' in {what}; allowed keys: {string.Join(", ", allowed)}."
                );
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? OptionalText(YamlMappingNode map, string key, string file) =>
        Child(map, key) is { } node ? Text(node, file) : null;

    private static string Text(YamlNode node, string file) =>
        node is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw Invalid(node, file, "expected a plain value here, not a list or mapping.");

    private static YamlMappingNode Mapping(YamlNode node, string file, string what) =>
        node as YamlMappingNode ?? throw Invalid(node, file, $"{what} must be a mapping (key: value lines).");

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    private static ModelSdkException Invalid(YamlNode node, string file, string message) =>
        new(ErrorCodes.InvalidContract, $"{Path.GetFileName(file)}: {message}", file, LineOf(node));
}
