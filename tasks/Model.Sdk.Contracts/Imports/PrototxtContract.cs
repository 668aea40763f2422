using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelSdk.Contracts.Imports;

/// <summary>
/// A Hydrosphere ModelContract in protobuf text format (contract.prototxt) turned into a declared contract in our
/// YAML format: model_name, predict (or the older signatures) with inputs/outputs of name, dtype, shape, profile.
/// </summary>
public static partial class PrototxtContract
{
    private sealed record Node(string Key, string? Value, List<Node> Children, int Line);

    public static string ToYaml(string text, string file)
    {
        var root = Parse(text, file);
        var signature =
            root.FirstOrDefault(n => n.Key == "predict")
            ?? root.FirstOrDefault(n => n.Key == "signatures")
            ?? throw Invalid(file, 1, "it has no 'predict { ... }' signature");
        var yaml = new StringBuilder();
        if (root.FirstOrDefault(n => n.Key == "model_name")?.Value is { } name)
            yaml.Append("name: ").Append(Quote(name)).Append('\n');
        foreach (var role in new[] { "inputs", "outputs" })
        {
            var fields = signature.Children.Where(n => n.Key == role).ToList();
            yaml.Append(role).Append(':').Append(fields.Count == 0 ? " {}\n" : "\n");
            foreach (var field in fields)
                AppendField(yaml, field, file);
        }
        return yaml.ToString();
    }

    private static void AppendField(StringBuilder yaml, Node field, string file)
    {
        var name =
            field.Children.FirstOrDefault(n => n.Key == "name")?.Value
            ?? throw Invalid(file, field.Line, "a field has no name");
        if (field.Children.Any(n => n.Key == "subfields"))
            throw Invalid(
                file,
                field.Line,
                $"field '{name}' has subfields (a nested map), which an Open Inference Protocol tensor cannot hold"
            );
        yaml.Append("  ").Append(Quote(name)).Append(":\n");
        if (field.Children.FirstOrDefault(n => n.Key == "dtype")?.Value is { } dtype)
            yaml.Append("    type: ").Append(dtype).Append('\n');
        if (
            field.Children.FirstOrDefault(n => n.Key == "shape") is { } shape
            && shape.Children.All(n => n.Key != "unknown_rank" || n.Value != "true")
        )
        {
            var dims = shape
                .Children.Where(n => n.Key == "dim")
                .Select(d => d.Children.FirstOrDefault(n => n.Key == "size")?.Value ?? "-1")
                .ToList();
            yaml.Append("    shape: ")
                .Append(dims.Count == 0 ? "scalar" : "[" + string.Join(", ", dims) + "]")
                .Append('\n');
        }
        if (field.Children.FirstOrDefault(n => n.Key == "profile")?.Value is { } profile)
            yaml.Append("    profile: ").Append(profile.ToLowerInvariant()).Append('\n');
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static List<Node> Parse(string text, string file)
    {
        var tokens = Tokenizer().Matches(text).Where(m => !m.Value.StartsWith('#')).ToList();
        var position = 0;
        var nodes = ParseBlock(tokens, ref position, text, file, top: true);
        return nodes;
    }

    private static List<Node> ParseBlock(List<Match> tokens, ref int position, string text, string file, bool top)
    {
        var nodes = new List<Node>();
        while (position < tokens.Count)
        {
            var key = tokens[position];
            var line = Line(text, key.Index);
            if (key.Value == "}")
            {
                if (top)
                    throw Invalid(file, line, "a '}' closes nothing");
                position++;
                return nodes;
            }
            if (!char.IsLetter(key.Value[0]) && key.Value[0] != '_')
                throw Invalid(file, line, $"expected a field name, found '{key.Value}'");
            position++;
            if (position < tokens.Count && tokens[position].Value == ":")
                position++;
            if (position >= tokens.Count)
                throw Invalid(file, line, $"'{key.Value}' has no value");
            var value = tokens[position++].Value;
            nodes.Add(
                value == "{"
                    ? new Node(key.Value, null, ParseBlock(tokens, ref position, text, file, top: false), line)
                    : new Node(key.Value, Unquote(value), [], line)
            );
        }
        if (!top)
            throw Invalid(file, Line(text, text.Length), "a '{' is never closed");
        return nodes;
    }

    private static string Unquote(string token) =>
        token.Length >= 2 && token[0] is '"' or '\'' ? Regex.Unescape(token[1..^1]) : token;

    private static int Line(string text, int index) => text.AsSpan(0, Math.Min(index, text.Length)).Count('\n') + 1;

    private static ModelSdkException Invalid(string file, int line, string what) =>
        new(
            ErrorCodes.HydrosphereInvalid,
            $"contract.prototxt cannot be imported: {what}. It must be a Hydrosphere ModelContract in protobuf text format (model_name, predict {{ inputs {{ name dtype shape profile }} outputs {{ ... }} }}).",
            file,
            line
        );

    [GeneratedRegex(
        @"#[^\n]*|""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|[{}:]|[^\s{}:""']+",
        RegexOptions.CultureInvariant
    )]
    private static partial Regex Tokenizer();
}
