using ModelSdk.Contracts.Compilation;
using ModelSdk.Contracts.Declared;
using ModelSdk.Onnx;

namespace ModelSdk.Contracts;

/// <summary>The outcome of compiling a project: diagnostics, and the contracts when there were no errors.</summary>
public sealed record CompileResult(IReadOnlyList<Diagnostic> Diagnostics, ContractSet? Contracts)
{
    public bool Succeeded => Contracts is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}

/// <summary>Turns a <see cref="ProjectSpec"/> into validated contracts (ONNX extraction merged with declared contracts).</summary>
public static partial class ModelProjectCompiler
{
    public const string DefaultVersion = "1.0.0";

    public static CompileResult Compile(ProjectSpec spec) => Compile(spec, OnnxReader.Read);

    /// <summary>Compiles with an injectable ONNX reader (tests hand in built <see cref="OnnxModelInfo"/> records).</summary>
    public static CompileResult Compile(ProjectSpec spec, Func<string, OnnxModelInfo> readOnnx)
    {
        var bag = new DiagnosticBag();
        var file = spec.ProjectFile;
        var name = spec.Name.Trim();
        var nameIsValid = Identity.CheckName(name, "ModelName", ModelNames.ProjectFix, file, bag);
        var version = string.IsNullOrWhiteSpace(spec.Version) ? DefaultVersion : spec.Version.Trim();
        if (!Identity.IsSemVer(version))
        {
            bag.Error(
                ErrorCodes.InvalidVersion,
                $"Version '{version}' is not a SemVer 2 version; write MAJOR.MINOR.PATCH, e.g. 1.0.0 or 2.1.0-beta.1.",
                file
            );
        }
        var framework = ParseFramework(spec.Framework, file, bag) ?? ModelFramework.Onnx;
        var purpose = ParsePurpose(spec.Purpose, file, bag) ?? ModelPurpose.Custom;
        var architecture = ArchitectureChecks.Parse(spec.Architecture, "ModelArchitecture", file, bag);
        var preprocessing = PreprocessingParser.Parse(spec.Preprocessing, spec, bag);
        var resources = ResourceParser.Parse(spec.Resources, file, bag);
        var parameters = ParameterParser.Parse(spec.Parameters, file, bag);
        var catalog = CatalogParser.Parse(spec.Catalog, file, bag);

        var models = CompileModels(spec, name, nameIsValid, framework, (purpose, architecture), readOnnx, bag);
        foreach (var model in models)
        {
            PreprocessingChecks.Check(model, preprocessing, file, bag);
        }

        if (bag.HasErrors)
        {
            return new CompileResult(bag.Items, null);
        }
        var contracts = new ContractSet
        {
            Name = name,
            Version = version,
            Description = spec.Description?.Trim() ?? "",
            Authors = SplitList(spec.Authors),
            Tags = SplitList(spec.Tags),
            License = spec.License?.Trim() ?? "",
            Catalog = catalog,
            Preprocessing = preprocessing,
            Resources = resources,
            Parameters = parameters,
            Models = models,
        };
        return new CompileResult(bag.Items, contracts);
    }

    private static List<ServedModel> CompileModels(
        ProjectSpec spec,
        string projectName,
        bool projectNameIsValid,
        ModelFramework framework,
        (ModelPurpose Purpose, string? Architecture) projectDefaults,
        Func<string, OnnxModelInfo> readOnnx,
        DiagnosticBag bag
    )
    {
        var file = spec.ProjectFile;
        if (spec.Models.Count == 0)
        {
            bag.Error(
                ErrorCodes.NoModel,
                "The project has no model. Every *.onnx file beside the project file is a Model item by default: put the model there (it needs no <Model> item), or add <Model Include=\"path/to/model.onnx\" /> for a file in another folder.",
                file
            );
        }
        var models = new List<ServedModel>();
        var claimedBy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var includedAs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in spec.Models)
        {
            if (!DuplicateItems.FirstInclude(item, spec, includedAs, bag))
            {
                continue;
            }
            var modelName = ModelNames.Default(item, spec, projectName);
            var modelNameIsValid = ModelNames.InheritsProjectName(item, spec)
                ? projectNameIsValid
                : Identity.CheckName(
                    modelName,
                    $"Model name (of {item.File})",
                    ModelNames.ItemFix(item, modelName),
                    file,
                    bag
                );
            if (!modelNameIsValid)
            {
                continue;
            }
            if (claimedBy.TryGetValue(modelName, out var other))
            {
                bag.Error(
                    ErrorCodes.DuplicateModelName,
                    $"Models '{other}' and '{item.File}' are both named '{modelName}' (names compare case-insensitively); give one a different Name metadata on its <Model> item.",
                    file
                );
                continue;
            }
            claimedBy[modelName] = item.File;
            var model = CompileModel(item, modelName, framework, projectDefaults, spec, readOnnx, bag);
            if (model is not null)
            {
                models.Add(model);
            }
        }
        return models;
    }

    private static ServedModel? CompileModel(
        ModelItemSpec item,
        string modelName,
        ModelFramework projectFramework,
        (ModelPurpose Purpose, string? Architecture) projectDefaults,
        ProjectSpec spec,
        Func<string, OnnxModelInfo> readOnnx,
        DiagnosticBag bag
    )
    {
        var file = spec.ProjectFile;
        var framework = ParseFramework(item.Framework, file, bag) ?? projectFramework;
        var purpose = ParsePurpose(item.Purpose, file, bag) ?? projectDefaults.Purpose;
        var architecture =
            ArchitectureChecks.Parse(item.Architecture, $"Architecture (of {item.File})", file, bag)
            ?? projectDefaults.Architecture;
        var modelFile = ProjectFiles.FullPath(item.File, spec);
        if (!File.Exists(modelFile))
        {
            bag.Error(
                ErrorCodes.ModelFileMissing,
                $"Model file '{item.File}' does not exist (looked for {modelFile}); fix the Include of the <Model> item or add the file.",
                file
            );
            return null;
        }
        if (!ProjectFiles.IsSafe(modelFile, "Model file", spec, bag))
        {
            return null;
        }
        var labelsFile = ProjectFiles.Resolve(item.Labels, $"Labels (of model '{modelName}')", spec, bag);
        var contractFile = ProjectFiles.Resolve(item.Contract, $"Contract (of model '{modelName}')", spec, bag);
        var declared = ReadDeclared(contractFile, bag);
        if (item.Contract is not null && declared is null || item.Labels is not null && labelsFile is null)
        {
            return null;
        }

        var configFile = ConfigFiles.Resolve(item.ConfigFile, framework, modelFile, modelName, spec, bag);
        var fields = ReadFields(framework, modelFile, modelName, declared, contractFile, readOnnx, file, bag);
        if (fields is null || item.ConfigFile is not null && configFile is null)
        {
            return null;
        }
        var model = new ServedModel
        {
            Name = modelName,
            SourceFile = modelFile,
            ExternalData = fields.ExternalData,
            ConfigFile = configFile,
            Framework = framework,
            Purpose = purpose,
            Architecture = architecture,
            Labels = labelsFile is null ? null : LabelsFile.Read(labelsFile),
            Inputs = fields.Inputs,
            Outputs = fields.Outputs,
            Onnx = fields.Onnx,
        };
        LabelChecks.Check(model, item.File, file, labelsFile, bag);
        if (string.IsNullOrWhiteSpace(item.Architecture) && string.IsNullOrWhiteSpace(spec.Architecture))
            ArchitectureChecks.WarnIfDetector(model, Path.GetRelativePath(spec.ProjectDirectory, modelFile), file, bag);
        return model;
    }

    private static ModelFramework? ParseFramework(string? raw, string file, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (ModelFrameworks.TryParse(raw, out var framework))
        {
            return framework;
        }
        bag.Error(
            ErrorCodes.UnknownFramework,
            $"ModelFramework '{raw}' is unknown; use one of: {string.Join(", ", ModelFrameworks.Names)}.",
            file
        );
        return null;
    }

    private static ModelPurpose? ParsePurpose(string? raw, string file, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (ModelPurposes.TryParse(raw, out var purpose))
        {
            return purpose;
        }
        bag.Error(
            ErrorCodes.UnknownPurpose,
            $"ModelPurpose '{raw}' is unknown; use one of: {string.Join(", ", ModelPurposes.Names)}.",
            file
        );
        return null;
    }

    private static IReadOnlyList<string> SplitList(string? raw) =>
        (raw ?? "").Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
