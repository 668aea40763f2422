namespace ModelSdk.ContractModel;

/// <summary>The value types of a model parameter.</summary>
public enum ParameterType
{
    String,
    Int,
    Float,
    Bool,
}

/// <summary>
/// The one table of parameter type names. The build accepts and writes only the names; readers of contract.json
/// (the runtime) also accept the aliases, so contracts written by hand or by other tools keep working.
/// </summary>
public static class ParameterTypes
{
    public const ParameterType Default = ParameterType.String;

    private static readonly (ParameterType Type, string Name, string[] Aliases)[] Table =
    [
        (ParameterType.String, "string", []),
        (ParameterType.Int, "int", ["integer", "int64", "long"]),
        (ParameterType.Float, "float", ["double", "number"]),
        (ParameterType.Bool, "bool", ["boolean"]),
    ];

    /// <summary>The names the build accepts, in table order: string, int, float, bool.</summary>
    public static IEnumerable<string> Names => Table.Select(t => t.Name);

    public static string Name(this ParameterType type) => Table.First(t => t.Type == type).Name;

    /// <summary>A name as the project writes it (case-insensitive, trimmed); aliases are not names.</summary>
    public static bool TryParseName(string text, out ParameterType type) => TryFind(text, aliases: false, out type);

    /// <summary>A type as contract.json may spell it: a name or an alias, case-insensitive.</summary>
    public static bool TryRead(string? text, out ParameterType type) => TryFind(text, aliases: true, out type);

    private static bool TryFind(string? text, bool aliases, out ParameterType type)
    {
        var key = text?.Trim() ?? "";
        foreach (var (value, name, others) in Table)
        {
            if (
                string.Equals(name, key, StringComparison.OrdinalIgnoreCase)
                || (aliases && others.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))
            )
            {
                type = value;
                return true;
            }
        }
        type = Default;
        return false;
    }
}
