using System.Globalization;
using System.Text.RegularExpressions;
using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compilation;

internal static partial class ParameterParser
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    public static IReadOnlyList<ModelParameter> Parse(
        IReadOnlyList<ParameterSpec> specs,
        string projectFile,
        DiagnosticBag bag
    )
    {
        var result = new List<ModelParameter>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
        {
            if (ParseOne(spec, seen, projectFile, bag) is { } parameter)
            {
                result.Add(parameter);
            }
        }
        return result;
    }

    /// <summary>One parameter, or null after a coded error (MODEL0016) in <paramref name="bag"/>.</summary>
    private static ModelParameter? ParseOne(
        ParameterSpec spec,
        HashSet<string> seen,
        string projectFile,
        DiagnosticBag bag
    )
    {
        var name = spec.Name.Trim();
        if (!NamePattern().IsMatch(name))
        {
            bag.Error(
                ErrorCodes.InvalidParameter,
                $"ModelParameter '{spec.Name}' has an invalid name; use letters, digits and '_', not starting with a digit.",
                projectFile
            );
            return null;
        }
        if (seen.TryGetValue(name, out var first))
        {
            bag.Error(
                ErrorCodes.InvalidParameter,
                $"ModelParameter '{name}' is declared twice (also as '{first}'); both would set MODEL_PARAM_{name.ToUpperInvariant()}. Remove one.",
                projectFile
            );
            return null;
        }
        seen.Add(name);
        var type = ParameterTypes.Default;
        if (!string.IsNullOrWhiteSpace(spec.Type) && !ParameterTypes.TryParseName(spec.Type, out type))
        {
            bag.Error(
                ErrorCodes.InvalidParameter,
                $"ModelParameter '{name}' has type '{spec.Type}'; use one of: {string.Join(", ", ParameterTypes.Names)}.",
                projectFile
            );
            return null;
        }
        var value = spec.Default?.Trim();
        if (!string.IsNullOrEmpty(value) && !Parses(value, type))
        {
            bag.Error(
                ErrorCodes.InvalidParameter,
                $"ModelParameter '{name}' has default '{spec.Default}', which is not a valid {type.Name()}; fix the Default or the Type.",
                projectFile
            );
            return null;
        }
        return new ModelParameter(
            name,
            type.Name(),
            string.IsNullOrEmpty(value) ? null : value,
            spec.Description?.Trim() ?? ""
        );
    }

    private static bool Parses(string value, ParameterType type) =>
        type switch
        {
            ParameterType.Int => long.TryParse(
                value,
                NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture,
                out _
            ),
            ParameterType.Float => RawValues.TryParseNumber(value, out _),
            ParameterType.Bool => RawValues.TryParseBool(value, out _),
            _ => true,
        };
}
