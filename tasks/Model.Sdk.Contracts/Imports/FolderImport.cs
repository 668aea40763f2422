namespace ModelSdk.Contracts.Imports;

/// <summary>
/// What a model folder made for another platform says about the project: property defaults (each with the field it
/// came from, for messages), the model file, its labels, config and declared contract, and warnings.
/// </summary>
public sealed class FolderImport(string source)
{
    /// <summary>The file imported from (alwaysai.model.json, serving.yaml), for messages.</summary>
    public string Source { get; } = source;

    public Dictionary<string, (string Value, string Field)> Properties { get; } = new(StringComparer.Ordinal);
    public string? ModelFile { get; set; }
    public string? LabelFile { get; set; }
    public string? ConfigFile { get; set; }
    public string? ContractFile { get; set; }
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Every property an import may default, in the order the SDK's targets pass them.</summary>
    public static readonly IReadOnlyList<string> PropertyNames =
    [
        "ModelName",
        "Version",
        "Description",
        "PackageLicenseExpression",
        "PackageProjectUrl",
        "ModelFramework",
        "ModelPurpose",
        "ModelArchitecture",
        "ModelInputSize",
        "ModelMean",
        "ModelScaleFactor",
        "ModelSwapRB",
        "ModelCrop",
        "ModelSoftmax",
        "ModelColorsFile",
        "ModelDataset",
        "ModelLicense",
        "ModelWebsite",
        "ModelAccuracy",
        "ModelInferenceTime",
        "ModelMeanAveragePrecisionTop1",
        "ModelMeanAveragePrecisionTop5",
    ];

    public void Set(string property, string? value, string field)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Properties[property] = (value.Trim(), field);
        }
    }

    public void Unsupported(IEnumerable<string> keys, string where, string why)
    {
        var list = keys.ToList();
        if (list.Count > 0)
        {
            Diagnostics.Add(
                Diagnostic.Warning(
                    ErrorCodes.ImportUnsupportedKey,
                    $"{where} {string.Join(", ", list.Select(k => $"'{k}'"))} {(list.Count == 1 ? "is" : "are")} not used: {why}",
                    Source
                )
            );
        }
    }

    /// <summary>
    /// The value each property gets: the project's own wins (a warning names both when they differ), else the
    /// imported one, else the value it already has (the SDK's default).
    /// </summary>
    public IReadOnlyDictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> setInProject,
        IReadOnlyDictionary<string, string> current
    )
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PropertyNames)
        {
            var own = setInProject.GetValueOrDefault(name, "").Trim();
            var now = current.GetValueOrDefault(name, "");
            if (!Properties.TryGetValue(name, out var imported))
            {
                result[name] = now;
            }
            else if (own.Length == 0)
            {
                result[name] = imported.Value;
            }
            else
            {
                result[name] = now;
                if (!string.Equals(own, imported.Value, StringComparison.OrdinalIgnoreCase))
                {
                    Diagnostics.Add(
                        Diagnostic.Warning(
                            ErrorCodes.ImportConflict,
                            $"The project sets {name} to '{own}' but {Path.GetFileName(Source)} says {imported.Field} '{imported.Value}'; the project's value is used. Remove one of them to silence this.",
                            Source
                        )
                    );
                }
            }
        }
        return result;
    }
}
