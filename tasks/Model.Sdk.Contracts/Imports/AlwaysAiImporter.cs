using System.Globalization;
using System.Text.Json;

namespace ModelSdk.Contracts.Imports;

/// <summary>
/// alwaysAI's alwaysai.model.json (what `aai model configure` writes and the model catalog serves): catalog fields at
/// the top, the model's files and preprocessing under model_parameters.
/// </summary>
public static class AlwaysAiImporter
{
    public const string FileName = "alwaysai.model.json";

    private static readonly string[] CatalogOnly =
    [
        "public",
        "primary_information",
        "secondary_information",
        "device_support",
    ];

    public static FolderImport Read(string path)
    {
        var import = new FolderImport(path);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(
                File.ReadAllBytes(path),
                new JsonDocumentOptions { AllowTrailingCommas = true }
            );
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Invalid(
                path,
                $"it is not valid JSON (line {(e.LineNumber ?? 0) + 1}: {e.Message})",
                (int)(e.LineNumber ?? 0) + 1
            );
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(path, "it must be a JSON object with 'id' and 'model_parameters'", 1);
        var unknown = new List<string>();
        foreach (var field in root.EnumerateObject())
        {
            if (!ReadTop(import, field, path) && !CatalogOnly.Contains(field.Name))
                unknown.Add(field.Name);
        }
        import.Unsupported(unknown, "alwaysai.model.json keys", "Model.Sdk does not know them.");
        import.Unsupported(
            root.EnumerateObject().Select(f => f.Name).Where(CatalogOnly.Contains),
            "alwaysAI catalog keys",
            "they describe the alwaysAI catalog entry, not the model."
        );
        return import;
    }

    private static bool ReadTop(FolderImport import, JsonProperty field, string path)
    {
        var v = field.Value;
        switch (field.Name)
        {
            case "id":
                // "alwaysai/mobilenet_ssd": the model is served under its name, without the owner.
                var id = Text(v, field.Name, path);
                import.Set("ModelName", id?[(id.LastIndexOf('/') + 1)..], "id");
                return true;
            case "version":
                import.Set(
                    "Version",
                    v.ValueKind == JsonValueKind.Number ? $"{v.GetInt64()}.0.0" : Text(v, field.Name, path),
                    "version"
                );
                return true;
            case "description":
                import.Set("Description", Text(v, field.Name, path), field.Name);
                return true;
            case "dataset":
                import.Set("ModelDataset", Text(v, field.Name, path), field.Name);
                return true;
            case "website_url":
                import.Set("ModelWebsite", Text(v, field.Name, path), field.Name);
                import.Set("PackageProjectUrl", Text(v, field.Name, path), field.Name);
                return true;
            case "license":
                ReadLicense(import, Text(v, field.Name, path));
                return true;
            case "accuracy":
                import.Set("ModelAccuracy", Fraction(v, field.Name, path), field.Name);
                return true;
            case "inference_time":
                import.Set("ModelInferenceTime", Number(v, field.Name, path), field.Name);
                return true;
            case "mean_average_precision_top_1":
                import.Set("ModelMeanAveragePrecisionTop1", Fraction(v, field.Name, path), field.Name);
                return true;
            case "mean_average_precision_top_5":
                import.Set("ModelMeanAveragePrecisionTop5", Fraction(v, field.Name, path), field.Name);
                return true;
            case "model_parameters":
                AlwaysAiParameters.Read(import, v, path);
                return true;
            default:
                return false;
        }
    }

    /// <summary>alwaysAI's catalog writes licence names ("Apache 2.0"); NuGet wants SPDX ids.</summary>
    private static void ReadLicense(FolderImport import, string? license)
    {
        if (string.IsNullOrWhiteSpace(license))
            return;
        import.Set("ModelLicense", license, "license");
        var spdx = license.Trim().ToUpperInvariant() switch
        {
            "APACHE 2.0" or "APACHE-2.0" or "APACHE LICENSE 2.0" or "APACHE 2" => "Apache-2.0",
            "MIT" or "MIT LICENSE" => "MIT",
            "BSD" or "BSD-3-CLAUSE" or "BSD 3-CLAUSE" => "BSD-3-Clause",
            "BSD-2-CLAUSE" or "BSD 2-CLAUSE" => "BSD-2-Clause",
            "GPL-3.0" or "GPL 3.0" or "GPLV3" => "GPL-3.0-only",
            "AGPL-3.0" or "AGPL 3.0" => "AGPL-3.0-only",
            "CC-BY-4.0" or "CC BY 4.0" => "CC-BY-4.0",
            _ => null,
        };
        if (spdx is null)
        {
            import.Unsupported(
                [license],
                "license",
                "it is no SPDX id Model.Sdk knows, so PackageLicenseExpression is not set from it (it is kept as ModelLicense). Set PackageLicenseExpression in the project."
            );
            return;
        }
        import.Set("PackageLicenseExpression", spdx, "license");
    }

    internal static string? Text(JsonElement v, string field, string path) =>
        v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw Invalid(path, $"'{field}' must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}", 0),
        };

    /// <summary>Numbers as the catalog writes them: JSON numbers, numeric strings ("79.8%"), or null/"" for unknown.</summary>
    internal static string? Number(JsonElement v, string field, string path)
    {
        var text = Text(v, field, path)?.Trim().TrimEnd('%').Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw Invalid(path, $"'{field}' must be a number, not '{text}'", 0);
        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Accuracy and mAP: the catalog writes percentages ("71.8%", "71.8") or fractions (0.72); a number over 1 is a
    /// percentage, which the SDK's catalog properties take with a '%' sign (a bare 71.8 would be ambiguous there).
    /// </summary>
    internal static string? Fraction(JsonElement v, string field, string path)
    {
        var number = Number(v, field, path);
        if (number is null)
            return null;
        var percent =
            (Text(v, field, path) ?? "").Contains('%')
            || double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) > 1;
        return percent ? number + "%" : number;
    }

    internal static ModelSdkException Invalid(string path, string what, int line) =>
        new(
            ErrorCodes.AlwaysAiJsonInvalid,
            $"{FileName} cannot be imported: {what}. Fix the file (alwaysAI's `aai model configure` writes it) or remove it.",
            path,
            line
        );
}
