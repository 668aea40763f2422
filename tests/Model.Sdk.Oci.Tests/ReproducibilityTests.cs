using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>Builds in separate processes, folders, times, umasks and time zones must give the same digest.</summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public void Two_processes_with_other_folders_umask_tz_and_mtimes_build_the_same_digest()
    {
        using var one = new ImageBuild();
        using var two = new ImageBuild();
        foreach (var file in Directory.EnumerateFiles(two.ModelDirectory, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2011, 11, 11, 11, 11, 11, DateTimeKind.Utc));
        }

        var first = BuildInProcess(one, "022", "UTC", one.Root);
        var second = BuildInProcess(two, "077", "Asia/Kolkata", "/");

        Assert.Equal(first, second);
        Assert.Equal(first, ReadDigestFile(one));
        Tools.AssertValidLayout(two.LayoutDirectory, "1.2.3");
    }

    [Fact]
    public void Source_date_epoch_sets_created_and_changes_the_digest()
    {
        using var plain = new ImageBuild();
        using var dated = new ImageBuild();
        var first = plain.Build().Image.ManifestDigest;
        var second = dated.Build(dated.Request() with { SourceDateEpoch = 1_700_000_000 }).Image.ManifestDigest;

        Assert.NotEqual(first, second);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)dated.Config["created"]);
        Assert.Null(plain.Config["created"]);
    }

    /// <summary>Runs Program's "image" command with its own cwd, umask and TZ; returns the printed digest.</summary>
    internal static string BuildInProcess(ImageBuild build, string umask, string tz, string cwd)
    {
        var requestFile = Path.Combine(build.Root, "request.json");
        File.WriteAllText(requestFile, JsonSerializer.Serialize(build.Request()));
        var output = RunProgram(cwd, umask, tz, "image", requestFile);
        var digest = Value(output, "digest");
        File.WriteAllText(Path.Combine(build.Root, "digest.txt"), digest);
        return digest;
    }

    internal static string RunProgram(string cwd, string umask, string tz, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = $"umask {umask} && exec \"$0\" \"$@\"";
        var result = ProcessRunner.Run(
            "sh",
            ["-c", command, dotnet, Tools.ThisAssembly, .. args],
            cwd,
            new Dictionary<string, string?> { ["TZ"] = tz }
        );
        return result.EnsureSuccess("image build process").Output;
    }

    internal static string Value(string output, string key) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key + "=")).Split('=', 2)[1];

    private static string ReadDigestFile(ImageBuild build) => File.ReadAllText(Path.Combine(build.Root, "digest.txt"));
}
