using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// The name each model is served under, and where the user sets it. A project with one model uses ModelName; with
/// several, each model is named after its file stem, case kept (the runtime answers its URL exactly as written).
/// </summary>
internal static partial class ModelNames
{
    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Invalid();

    public static string Default(ModelItemSpec item, ProjectSpec spec, string projectName) =>
        !string.IsNullOrWhiteSpace(item.Name) ? item.Name.Trim()
        : spec.Models.Count == 1 ? projectName
        : Path.GetFileNameWithoutExtension(item.File.Trim());

    /// <summary>True when the name comes from ModelName (one model, no Name metadata).</summary>
    public static bool InheritsProjectName(ModelItemSpec item, ProjectSpec spec) =>
        string.IsNullOrWhiteSpace(item.Name) && spec.Models.Count == 1;

    public static string ProjectFix =>
        "set the ModelName property in the project file (it defaults to the project file's name)";

    public static string ItemFix(ModelItemSpec item, string name) =>
        $"set Name metadata on its <Model> item, e.g. <Model Update=\"{item.File.Trim()}\" Name=\"{Suggest(name)}\" />"
        + (
            string.IsNullOrWhiteSpace(item.Name)
                ? " (without it, a model of a project with several models is named after its file)"
                : ""
        );

    /// <summary>A valid name close to <paramref name="name"/>: accents dropped, other runs of bad characters as '-'.</summary>
    public static string Suggest(string name)
    {
        var plain = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c);
            }
        }
        var suggestion = Invalid().Replace(plain.ToString(), "-").Trim('-', '.');
        suggestion = suggestion.Length > Identity.MaxNameLength ? suggestion[..Identity.MaxNameLength] : suggestion;
        return suggestion.Length == 0 ? "model" : suggestion;
    }
}
