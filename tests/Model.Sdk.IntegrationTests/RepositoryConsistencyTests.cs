using System.Text.Json;
using System.Xml.Linq;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

public sealed class RepositoryConsistencyTests
{
    [Fact]
    public void Samples_pin_the_sdk_version_that_the_repository_packs()
    {
        var packed = XDocument
            .Load(Path.Combine(RepoRoot.Path, "eng", "Version.props"))
            .Descendants("ModelSdkVersion")
            .Single()
            .Value;
        using var globalJson = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepoRoot.Path, "samples", "global.json"))
        );

        Assert.Equal(packed, globalJson.RootElement.GetProperty("msbuild-sdks").GetProperty("Model.Sdk").GetString());
    }

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepoRoot.Path, ".ci", "run"));

        Assert.Contains("./eng/test.sh", readme);
        Assert.Contains("./eng/test.sh", ci);
    }
}
