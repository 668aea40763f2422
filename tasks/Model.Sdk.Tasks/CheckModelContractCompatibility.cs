using Microsoft.Build.Framework;
using ModelSdk.Contracts.Compatibility;
using ModelSdk.Registry;

namespace ModelSdk.Tasks;

/// <summary>
/// The contract compatibility gate: compares the new contract.json with a released one (a file, a package version on
/// a feed, an image) and fails when the version is not bumped as far as the changes need. Automatic (dotnet publish
/// without ModelContractBaseline): the baseline is the highest release below Version in the registry, else the feed.
/// </summary>
public sealed class CheckModelContractCompatibility : ModelSdkTask
{
    [Required]
    public string ContractFile { get; set; } = "";

    [Required]
    public string Version { get; set; } = "";

    public string Baseline { get; set; } = "";

    /// <summary>The project, where the gate's errors point.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>A relative baseline path is relative to the project, as MSBuild resolves the SDK's other paths.</summary>
    public string ProjectDirectory { get; set; } = "";
    public bool Automatic { get; set; }
    public string BaselineSource { get; set; } = "";
    public string PackageId { get; set; } = "";
    public string Registry { get; set; } = "";
    public string Repository { get; set; } = "";
    public string[] InsecureRegistries { get; set; } = [];
    public bool AllowBreaking { get; set; }

    [Output]
    public string BaselineDescription { get; private set; } = "";

    protected override void Run()
    {
        var project = NullIfEmpty(ProjectFile) ?? BuildEngine?.ProjectFileOfTaskNode;
        var (baseline, name) = LoadBaseline();
        if (baseline is null)
        {
            return;
        }
        BaselineDescription = name;
        var current = BaselineReader.FromContractFile(ContractFile);
        var changes = ContractComparer.Compare(baseline, current);
        var baselineVersion =
            baseline.Version
            ?? throw new ModelSdkException(
                ErrorCodes.BaselineUnreadable,
                $"The baseline {name} has no version (neither package.version nor models[].versions in its contract.json). Use a contract.json written by Model.Sdk.",
                project
            );
        foreach (var change in changes)
        {
            Log.LogMessage(MessageImportance.Normal, $"Contract change ({change.Severity}): {change}");
        }
        var diagnostics = VersionGate.Check(baselineVersion, Version, changes, AllowBreaking, name, project);
        foreach (var d in diagnostics)
        {
            Report(d);
        }
        var needs = ContractComparer.Required(changes) switch
        {
            null => "no change",
            ChangeSeverity.Breaking => "breaking: needs a major version",
            ChangeSeverity.Additive => "additive: needs a minor version",
            _ => "patch",
        };
        Log.LogMessage(
            MessageImportance.High,
            $"Contract {Version} compared with {baselineVersion} ({name}): {changes.Count} change(s), {needs}."
        );
    }

    private (ContractSnapshot? Snapshot, string Name) LoadBaseline()
    {
        var baseline = Baseline.Trim();
        if (baseline.Length == 0)
        {
            return Automatic ? LoadPrevious() : (null, "");
        }
        var path = Path.Combine(ProjectDirectory, baseline);
        if (File.Exists(path) || baseline.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return (BaselineReader.FromContractFile(path), baseline);
        }
        if (VersionGate.TryParse(baseline, out _))
        {
            return LoadPackage(baseline);
        }
        var image = ImageReference.Parse(baseline);
        return (ImageBaseline.Read(image, InsecureRegistries, Log), image.ToString());
    }

    private (ContractSnapshot?, string) LoadPackage(string version)
    {
        if (BaselineSource.Trim().Length == 0)
        {
            throw new ModelSdkException(
                ErrorCodes.BaselineNeedsFeed,
                $"ModelContractBaseline '{version}' is a package version, but no feed is set to read it from. Set ModelContractBaselineSource (or ModelPackageSource) to the feed folder or v3 URL the package was pushed to, or point ModelContractBaseline at a contract.json or an image.",
                NullIfEmpty(ProjectFile)
            );
        }
        var feed = Feed();
        using var nupkg = feed.Open(PackageId, version);
        var name = $"package {PackageId} {version} on {BaselineSource.Trim()}";
        return (BaselineReader.FromPackage(nupkg, name), name);
    }

    private (ContractSnapshot?, string) LoadPrevious()
    {
        if (Registry.Trim().Length > 0)
        {
            var tags = ImageBaseline.Tags(Registry.Trim(), Repository.Trim(), InsecureRegistries, Log);
            if (VersionGate.Previous(tags, Version) is { } tag)
            {
                var image = new ImageReference(Registry.Trim(), Repository.Trim(), tag, null);
                return (ImageBaseline.Read(image, InsecureRegistries, Log), image.ToString());
            }
            return NoPrevious($"{Registry.Trim()}/{Repository.Trim()}");
        }
        if (BaselineSource.Trim().Length > 0)
        {
            var versions = Feed().Versions(PackageId);
            return VersionGate.Previous(versions, Version) is { } v
                ? LoadPackage(v)
                : NoPrevious(BaselineSource.Trim());
        }
        Log.LogMessage(
            MessageImportance.High,
            "The contract is not checked for compatibility: set ContainerRegistry or ModelPackageSource (the previous release is read from there), or ModelContractBaseline."
        );
        return (null, "");
    }

    private PackageFeed Feed()
    {
        var source = BaselineSource.Trim();
        return new PackageFeed(
            source.Contains("://", StringComparison.Ordinal) ? source : Path.Combine(ProjectDirectory, source)
        );
    }

    private (ContractSnapshot?, string) NoPrevious(string where)
    {
        Log.LogMessage(
            MessageImportance.High,
            $"{where} holds no release below {Version}: this is the first, so there is no contract to compare with."
        );
        return (null, "");
    }
}
