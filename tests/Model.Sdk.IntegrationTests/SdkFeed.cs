using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// Packs Model.Sdk and Model.Templates once per test run into a temporary feed, with a NuGet cache and a template
/// hive of their own, so tests see exactly what a user installing the packages sees (and nothing from this machine).
/// </summary>
public sealed class SdkFeed : IDisposable
{
    private readonly TempDirectory _root = new("modelsdk-it");

    public SdkFeed()
    {
        Feed = _root.Combine("feed");
        Packages = _root.Combine("nuget");
        Hive = _root.Combine("hive");
        Work = _root.Combine("work");
        Directory.CreateDirectory(Work);
        FillFeed();
        File.WriteAllText(
            Path.Combine(Work, "NuGet.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Packages}" /></config>
              <packageSources><clear /><add key="feed" value="{Feed}" /></packageSources>
            </configuration>
            """
        );
        var templates = Directory.GetFiles(Feed, "Model.Templates.*.nupkg").Single();
        Dotnet(Work, "new", "install", templates, "--debug:custom-hive", Hive).EnsureSuccess("dotnet new install");
    }

    /// <summary>eng/test.sh packs before any test runs and names the folder here, so nothing builds while tests run.</summary>
    public const string PackagesVariable = "MODEL_SDK_TEST_PACKAGES";

    public string Feed { get; }
    public string Packages { get; }
    public string Hive { get; }

    /// <summary>Projects live below this folder, which holds the NuGet.config that points at the feed.</summary>
    public string Work { get; }

    public string NewDirectory(string name)
    {
        var dir = Path.Combine(Work, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public ProcessResult Dotnet(string workingDirectory, params string[] args) =>
        ProcessRunner.Run("dotnet", args, workingDirectory, CleanEnvironment());

    public ProcessResult Dotnet(
        string workingDirectory,
        IReadOnlyDictionary<string, string> extraEnvironment,
        params string[] args
    )
    {
        var environment = new Dictionary<string, string?>(CleanEnvironment());
        foreach (var (key, value) in extraEnvironment)
            environment[key] = value;
        return ProcessRunner.Run("dotnet", args, workingDirectory, environment);
    }

    public ProcessResult New(string workingDirectory, params string[] args) =>
        Dotnet(workingDirectory, ["new", .. args, "--debug:custom-hive", Hive]);

    /// <summary>dotnet build with no build servers, so every build loads the task assembly afresh and exits clean.</summary>
    public ProcessResult Build(string project, params string[] extra) =>
        Dotnet(
            Path.GetDirectoryName(Path.GetFullPath(project))!,
            ["build", project, "-nologo", "-nodeReuse:false", "--disable-build-servers", "-clp:NoSummary", .. extra]
        );

    public IReadOnlyDictionary<string, string?> CleanEnvironment()
    {
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Packages,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        // The test host runs inside MSBuild/VSTest; their variables must not leak into the builds under test.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (
                key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || key is "MSBuildSDKsPath" or "MSBuildExtensionsPath"
            )
                env[key] = null;
        return env;
    }

    public void Dispose() => _root.Dispose();

    private void FillFeed()
    {
        Directory.CreateDirectory(Feed);
        var packed = Environment.GetEnvironmentVariable(PackagesVariable);
        if (!string.IsNullOrEmpty(packed))
        {
            foreach (var package in Directory.GetFiles(packed, "Model.*.nupkg"))
                File.Copy(package, Path.Combine(Feed, Path.GetFileName(package)));
            return;
        }
        ProcessRunner
            .Run(Path.Combine(RepoRoot.Path, "eng", "pack.sh"), [Feed], RepoRoot.Path, CleanEnvironment())
            .EnsureSuccess("eng/pack.sh");
    }
}

[CollectionDefinition(Name)]
public sealed class SdkFeedCollection : ICollectionFixture<SdkFeed>
{
    public const string Name = "sdk feed";
}
