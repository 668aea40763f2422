namespace ModelSdk.IntegrationTests;

[Collection(SdkFeedCollection.Name)]
public sealed class IncrementalBuildTests(SdkFeed feed)
{
    private const string Skipped = "Skipping target \"ModelContract\" because all output files are up-to-date";

    [Fact]
    public void Unchanged_project_skips_model_work_and_every_input_change_rebuilds()
    {
        var project = ModelProject.FromTemplate(feed, "Incr");
        Assert.Equal(0, project.Build().ExitCode);

        Assert.Contains(Skipped, DetailedBuild(project));

        // Editing a labels file rebuilds.
        project.Write("labels.txt", "setosa\nversicolor\nvirginica-renamed\n");
        Assert.DoesNotContain(Skipped, DetailedBuild(project));
        Assert.Contains("virginica-renamed", File.ReadAllText(Path.Combine(project.ModelDirectory, "labels.txt")));
        Assert.Contains(Skipped, DetailedBuild(project));

        // Adding a model rebuilds; removing it again rebuilds too (the input list is hashed).
        File.Copy(project.Path_("model.onnx"), project.Path_("extra.onnx"));
        Assert.DoesNotContain(Skipped, DetailedBuild(project));
        Assert.Equal(2, ModelCount(project));
        File.Delete(project.Path_("extra.onnx"));
        Assert.DoesNotContain(Skipped, DetailedBuild(project));
        Assert.Equal(1, ModelCount(project));

        // Adding a declared contract rebuilds.
        project.Write("contract.yaml", "inputs:\n  input:\n    profile: numerical\n    description: measurements\n");
        Assert.DoesNotContain(Skipped, DetailedBuild(project));
        Assert.Contains("measurements", File.ReadAllText(Path.Combine(project.ModelDirectory, "contract.json")));

        // Changing a property rebuilds.
        project.SetProperty("Description", "Changed description");
        Assert.DoesNotContain(Skipped, DetailedBuild(project));
        Assert.Contains(Skipped, DetailedBuild(project));
    }

    [Fact]
    public void Failed_build_keeps_the_previous_outputs()
    {
        var project = ModelProject.FromTemplate(feed, "Keep");
        Assert.Equal(0, project.Build().ExitCode);
        var contract = Path.Combine(project.ModelDirectory, "contract.json");
        var before = File.ReadAllBytes(contract);

        project.Write("model.onnx", "garbage");
        Assert.NotEqual(0, project.Build().ExitCode);

        Assert.Equal(before, File.ReadAllBytes(contract));
        Assert.Empty(Directory.GetFiles(project.ModelDirectory, "*.tmp", SearchOption.AllDirectories));
    }

    private static string DetailedBuild(ModelProject project)
    {
        var build = project.Build("-v:d");
        Assert.True(build.ExitCode == 0, build.Output);
        return build.Output;
    }

    private static int ModelCount(ModelProject project)
    {
        using var contract = project.ReadContract();
        return contract.RootElement.GetProperty("models").GetArrayLength();
    }
}
