using Microsoft.Build.Framework;
using ModelSdk.Contracts;

namespace ModelSdk.Tasks;

/// <summary>Adapter: MSBuild properties and items in, <see cref="ModelProjectCompiler"/> and <see cref="ModelOutputWriter"/> out.</summary>
public sealed class BuildModelContract : ModelSdkTask
{
    [Required]
    public string ProjectFile { get; set; } = "";

    [Required]
    public string ModelName { get; set; } = "";

    public string? Version { get; set; }
    public string? Description { get; set; }
    public string? Authors { get; set; }
    public string? PackageTags { get; set; }
    public string? PackageLicenseExpression { get; set; }
    public string? PackageProjectUrl { get; set; }
    public string? ModelDataset { get; set; }
    public string? ModelAccuracy { get; set; }
    public string? ModelMeanAveragePrecisionTop1 { get; set; }
    public string? ModelMeanAveragePrecisionTop5 { get; set; }
    public string? ModelInferenceTime { get; set; }
    public string? ModelFramework { get; set; }
    public string? ModelPurpose { get; set; }
    public string? ModelArchitecture { get; set; }
    public string? ModelInputSize { get; set; }
    public string? ModelMean { get; set; }
    public string? ModelScaleFactor { get; set; }
    public string? ModelSwapRB { get; set; }
    public string? ModelCrop { get; set; }
    public string? ModelImageDecode { get; set; }
    public string? ModelSoftmax { get; set; }
    public string? ModelColorsFile { get; set; }
    public string? ModelMaxMemoryMB { get; set; }
    public string? ModelCores { get; set; }
    public string? ModelGpus { get; set; }
    public string? ModelReplicas { get; set; }
    public string? ModelMaxBatchSize { get; set; }
    public string? ModelMaxQueueDelayMs { get; set; }

    public ITaskItem[] Models { get; set; } = [];
    public ITaskItem[] Parameters { get; set; } = [];

    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Where to list files the model pulls in (external data), for the next build's Inputs.</summary>
    public string? DependenciesFile { get; set; }

    /// <summary>Where to list the files written into <see cref="OutputDirectory"/>, so the next build removes only those.</summary>
    public string? OutputsListFile { get; set; }

    /// <summary>Where to record the identity of every input once the folder is written (see <see cref="InputStamp"/>).</summary>
    public string? InputsBuiltFile { get; set; }

    /// <summary>The lock file that serializes builds of this project's outputs (see <see cref="BuildLock"/>).</summary>
    public string? LockFile { get; set; }

    /// <summary>ModelBuildLockTimeout: seconds to wait for another build holding <see cref="LockFile"/>.</summary>
    public string? LockTimeout { get; set; }

    [Output]
    public ITaskItem[] WrittenFiles { get; private set; } = [];

    protected override void Run()
    {
        var result = ModelProjectCompiler.Compile(ToSpec());
        foreach (var diagnostic in result.Diagnostics)
            Report(diagnostic);
        if (!result.Succeeded || result.Contracts is null)
            return;

        RefuseOutputAroundProject();
        using var held = BuildLocks.Acquire(LockFile, LockTimeout, $"{ModelName} ({OutputDirectory})", Log);
        var previous =
            OutputsListFile is not null && File.Exists(OutputsListFile)
                ? File.ReadAllLines(OutputsListFile).Where(l => l.Length > 0).ToArray()
                : [];
        var written = ModelOutputWriter.Write(result.Contracts, OutputDirectory, previous);
        if (OutputsListFile is not null)
            AtomicFile.WriteAllText(OutputsListFile, string.Join("\n", written) + "\n");
        WrittenFiles = written
            .Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(Path.Combine(OutputDirectory, f)))
            .ToArray();
        if (DependenciesFile is not null)
            AtomicFile.WriteAllText(
                DependenciesFile,
                string.Join("\n", ContractSourceFiles.Of(result.Contracts)) + "\n"
            );
        if (InputsBuiltFile is not null)
            AtomicFile.WriteAllText(InputsBuiltFile, InputStamp.Describe(InputFiles(result.Contracts), ProjectDir));
    }

    /// <summary>The same files as _ModelInput in Model.Sdk.Contract.targets, with the external data found now.</summary>
    private IEnumerable<string> InputFiles(ContractSet contracts) =>
        Models
            .SelectMany(m => new[] { m.GetMetadata("FullPath"), Meta(m, "Labels"), Meta(m, "Contract") })
            .Append(NullIfEmpty(ModelColorsFile))
            .Concat(ContractSourceFiles.Of(contracts))
            .OfType<string>();

    private string ProjectDir => Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;

    /// <summary>The model folder is the build's own: it must not hold the project (or its sources) inside it.</summary>
    private void RefuseOutputAroundProject()
    {
        var output =
            Path.GetFullPath(OutputDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var project = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))! + Path.DirectorySeparatorChar;
        if (project.StartsWith(output, StringComparison.Ordinal))
            throw new ModelSdkException(
                ErrorCodes.PathEscapesOutput,
                $"ModelOutputDirectory '{OutputDirectory}' contains the project folder; the build owns that folder and replaces what it writes there. Point it at a folder of its own, e.g. $(OutputPath)model/.",
                ProjectFile
            );
    }

    private ProjectSpec ToSpec() =>
        new()
        {
            ProjectFile = Path.GetFullPath(ProjectFile),
            ProjectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!,
            Name = ModelName,
            Version = NullIfEmpty(Version),
            Description = NullIfEmpty(Description),
            Authors = NullIfEmpty(Authors),
            Tags = NullIfEmpty(PackageTags),
            License = NullIfEmpty(PackageLicenseExpression),
            Catalog = new ModelSdk.ContractModel.CatalogDetails
            {
                Dataset = ModelDataset,
                Website = PackageProjectUrl,
                Accuracy = ModelAccuracy,
                MeanAveragePrecisionTop1 = ModelMeanAveragePrecisionTop1,
                MeanAveragePrecisionTop5 = ModelMeanAveragePrecisionTop5,
                InferenceTime = ModelInferenceTime,
            },
            Framework = NullIfEmpty(ModelFramework),
            Purpose = NullIfEmpty(ModelPurpose),
            Architecture = NullIfEmpty(ModelArchitecture),
            Preprocessing = new PreprocessingSpec
            {
                InputSize = NullIfEmpty(ModelInputSize),
                Mean = NullIfEmpty(ModelMean),
                ScaleFactor = NullIfEmpty(ModelScaleFactor),
                SwapRB = NullIfEmpty(ModelSwapRB),
                Crop = NullIfEmpty(ModelCrop),
                ImageDecode = NullIfEmpty(ModelImageDecode),
                Softmax = NullIfEmpty(ModelSoftmax),
                ColorsFile = NullIfEmpty(ModelColorsFile),
            },
            Resources = new ResourceSpec
            {
                MaxMemoryMB = NullIfEmpty(ModelMaxMemoryMB),
                Cores = NullIfEmpty(ModelCores),
                Gpus = NullIfEmpty(ModelGpus),
                Replicas = NullIfEmpty(ModelReplicas),
                MaxBatchSize = NullIfEmpty(ModelMaxBatchSize),
                MaxQueueDelayMs = NullIfEmpty(ModelMaxQueueDelayMs),
            },
            Models = Models
                .Select(m => new ModelItemSpec
                {
                    File = m.GetMetadata("FullPath"),
                    Name = Meta(m, "Name"),
                    Labels = Meta(m, "Labels"),
                    Contract = Meta(m, "Contract"),
                    ConfigFile = Meta(m, "ConfigFile"),
                    Framework = Meta(m, "Framework"),
                    Purpose = Meta(m, "Purpose"),
                    Architecture = Meta(m, "Architecture"),
                })
                .ToArray(),
            Parameters = Parameters
                .Select(p => new ParameterSpec
                {
                    Name = p.ItemSpec,
                    Type = Meta(p, "Type"),
                    Default = Meta(p, "Default"),
                    Description = Meta(p, "Description"),
                })
                .ToArray(),
        };
}
