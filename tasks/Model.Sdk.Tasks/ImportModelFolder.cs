using Microsoft.Build.Framework;
using ModelSdk.Contracts.Imports;

namespace ModelSdk.Tasks;

/// <summary>
/// Imports a model folder made for alwaysAI (alwaysai.model.json) or Hydrosphere (serving.yaml, contract.prototxt):
/// every property below is both the current value (in) and the value to use (out): the project's own value wins,
/// else the imported one, else the SDK default it had. <see cref="ProjectValues"/> holds what the project itself set
/// (captured before the SDK's defaults), so a default is never mistaken for a choice.
/// </summary>
public sealed class ImportModelFolder : ModelSdkTask
{
    /// <summary>The folder to import: the project's, or ModelImportDirectory.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string IntermediateDirectory { get; set; } = "";

    public ITaskItem[] ProjectValues { get; set; } = [];

    [Output]
    public string ModelName { get; set; } = "";

    [Output]
    public string Version { get; set; } = "";

    [Output]
    public string Description { get; set; } = "";

    [Output]
    public string PackageLicenseExpression { get; set; } = "";

    [Output]
    public string PackageProjectUrl { get; set; } = "";

    [Output]
    public string ModelFramework { get; set; } = "";

    [Output]
    public string ModelPurpose { get; set; } = "";

    [Output]
    public string ModelArchitecture { get; set; } = "";

    [Output]
    public string ModelInputSize { get; set; } = "";

    [Output]
    public string ModelMean { get; set; } = "";

    [Output]
    public string ModelScaleFactor { get; set; } = "";

    [Output]
    public string ModelSwapRB { get; set; } = "";

    [Output]
    public string ModelCrop { get; set; } = "";

    [Output]
    public string ModelSoftmax { get; set; } = "";

    [Output]
    public string ModelColorsFile { get; set; } = "";

    [Output]
    public string ModelDataset { get; set; } = "";

    [Output]
    public string ModelLicense { get; set; } = "";

    [Output]
    public string ModelWebsite { get; set; } = "";

    [Output]
    public string ModelAccuracy { get; set; } = "";

    [Output]
    public string ModelInferenceTime { get; set; } = "";

    [Output]
    public string ModelMeanAveragePrecisionTop1 { get; set; } = "";

    [Output]
    public string ModelMeanAveragePrecisionTop5 { get; set; } = "";

    [Output]
    public string Source { get; private set; } = "";

    [Output]
    public string ModelFile { get; private set; } = "";

    [Output]
    public string LabelFile { get; private set; } = "";

    [Output]
    public string ConfigFile { get; private set; } = "";

    [Output]
    public string ContractFile { get; private set; } = "";

    protected override void Run()
    {
        var alwaysAi = Path.Combine(ProjectDirectory, AlwaysAiImporter.FileName);
        FolderImport import;
        if (File.Exists(alwaysAi))
            import = AlwaysAiImporter.Read(alwaysAi);
        else if (HydrosphereImporter.IsHydrosphereFolder(ProjectDirectory))
            import = HydrosphereImporter.Read(ProjectDirectory, IntermediateDirectory);
        else
            return;
        var own = ProjectValues.ToDictionary(i => i.ItemSpec, i => i.GetMetadata("Value"), StringComparer.Ordinal);
        var properties = FolderImport.PropertyNames.ToDictionary(
            n => n,
            n => (PropertyInfo(n).GetValue(this) as string) ?? ""
        );
        foreach (var (name, value) in import.Merge(own, properties))
            PropertyInfo(name).SetValue(this, value);
        if (import.Properties.ContainsKey("ModelColorsFile") && own.GetValueOrDefault("ModelColorsFile", "") == "")
        {
            // The project may live elsewhere (ModelImportDirectory): a path from the file is relative to the file.
            ModelColorsFile = Existing(import.Properties["ModelColorsFile"].Value, "colors_file", import.Source);
        }
        Source = import.Source;
        ModelFile = Existing(import.ModelFile, "model_file", import.Source);
        LabelFile = Existing(import.LabelFile, "label_file", import.Source);
        ConfigFile = Existing(import.ConfigFile, "config_file", import.Source);
        ContractFile = import.ContractFile ?? "";
        foreach (var d in import.Diagnostics)
            Report(d);
        Log.LogMessage(
            MessageImportance.Normal,
            $"Imported {import.Properties.Count} setting(s) from {import.Source}."
        );
    }

    private string Existing(string? relative, string field, string source)
    {
        if (string.IsNullOrWhiteSpace(relative))
            return "";
        var full = Path.GetFullPath(Path.Combine(ProjectDirectory, relative));
        if (!File.Exists(full))
            throw new ModelSdkException(
                ErrorCodes.ImportFileMissing,
                $"{Path.GetFileName(source)} names {field} '{relative}', which does not exist in {ProjectDirectory}. Put the file there or fix the name.",
                source
            );
        return full;
    }

    private static System.Reflection.PropertyInfo PropertyInfo(string name) =>
        typeof(ImportModelFolder).GetProperty(name)!;
}
