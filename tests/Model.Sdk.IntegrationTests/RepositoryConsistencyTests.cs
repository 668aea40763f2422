using System.Text.Json;
using System.Text.RegularExpressions;
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

    [Fact]
    public void Run_sample_builds_every_sample_and_the_readme_sample_commands_name_files_that_exist()
    {
        var samples = Path.Combine(RepoRoot.Path, "samples");
        var script = File.ReadAllText(Path.Combine(RepoRoot.Path, "eng", "run-sample.sh"));
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));

        var projects = Directory.GetFiles(samples, "*.modelproj", SearchOption.AllDirectories);
        Assert.Contains(projects, p => p.EndsWith("TextOrientation.modelproj"));
        foreach (var project in projects)
            Assert.Contains($"dotnet build {Path.GetRelativePath(RepoRoot.Path, project)}", script);

        // A README command block that starts with `cd samples/X` uses files relative to X; others to the root.
        var checkedFiles = 0;
        foreach (var block in CodeBlocks(readme))
        {
            var cd = Regex.Match(block, "^cd (samples/\\S+)$", RegexOptions.Multiline);
            if (cd.Success)
                Assert.True(Directory.Exists(Path.Combine(RepoRoot.Path, cd.Groups[1].Value)), cd.Value);
            var folder = Path.Combine(RepoRoot.Path, cd.Success ? cd.Groups[1].Value : "");
            foreach (Match file in Regex.Matches(block, "(?:@|predict )((?:samples/|images/|flowers)\\S*)"))
            {
                var path = Path.Combine(folder, file.Groups[1].Value);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"README names {path}, which does not exist");
                checkedFiles++;
            }
        }
        Assert.True(checkedFiles >= 4, $"only {checkedFiles} sample files found in the README's commands");
    }

    /// <summary>The text of each fenced code block (between lines that start with three backticks).</summary>
    private static IEnumerable<string> CodeBlocks(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```"))
                continue;
            var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```"));
            if (end < 0)
                yield break;
            yield return string.Join('\n', lines[(i + 1)..end]);
            i = end;
        }
    }
}
