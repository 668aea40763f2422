using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelSdk.Contracts.Compilation;

internal static partial class ParameterParser
{
    private static readonly string[] Types = ["string", "int", "float", "bool"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    public static IReadOnlyList<ModelParameter> Parse(
        IReadOnlyList<ParameterSpec> specs,
        string projectFile,
        DiagnosticBag bag
    )
    {
        var result = new List<ModelParameter>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
        {
            var name = spec.Name.Trim();
            if (!NamePattern().IsMatch(name))
            {
                bag.Error(
                    ErrorCodes.InvalidParameter,
                    $"ModelParameter '{spec.Name}' has an invalid name; use letters, digits and '_', not starting with a digit.",
                    projectFile
                );
                continue;
            }
            if (seen.TryGetValue(name, out var first))
            {
                bag.Error(
                    ErrorCodes.InvalidParameter,
                    $"ModelParameter '{name}' is declared twice (also as '{first}'); both would set MODEL_PARAM_{name.ToUpperInvariant()}. Remove one.",
                    projectFile
                );
                continue;
            }
            seen[name] = name;
            var type = string.IsNullOrWhiteSpace(spec.Type) ? "string" : spec.Type.Trim().ToLowerInvariant();
            if (!Types.Contains(type))
            {
                bag.Error(
                    ErrorCodes.InvalidParameter,
                    $"ModelParameter '{name}' has type '{spec.Type}'; use one of: {string.Join(", ", Types)}.",
                    projectFile
                );
                continue;
            }
            var value = spec.Default?.Trim();
            if (!string.IsNullOrEmpty(value) && !Parses(value, type))
            {
                bag.Error(
                    ErrorCodes.InvalidParameter,
                    $"ModelParameter '{name}' has default '{spec.Default}', which is not a valid {type}; fix the Default or the Type.",
                    projectFile
                );
                continue;
            }
            result.Add(
                new ModelParameter(
                    name,
                    type,
                    string.IsNullOrEmpty(value) ? null : value,
                    spec.Description?.Trim() ?? ""
                )
            );
        }
        return result;
    }

    private static bool Parses(string value, string type) =>
        type switch
        {
            "int" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "float" => RawValues.TryParseNumber(value, out _),
            "bool" => RawValues.TryParseBool(value, out _),
            _ => true,
        };
}
