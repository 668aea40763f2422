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
            .Load(Path.Combine(RepoPaths.Root, "eng", "Version.props"))
            .Descendants("ModelSdkVersion")
            .Single()
            .Value;
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "global.json")));

        Assert.Equal(packed, globalJson.RootElement.GetProperty("msbuild-sdks").GetProperty("Model.Sdk").GetString());
    }

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepoPaths.Root, ".ci", "run"));

        Assert.Contains("./eng/test.sh", readme);
        Assert.Contains("./eng/test.sh", ci);
    }
}
