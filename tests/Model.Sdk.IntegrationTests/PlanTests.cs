using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>The MSBuild plan: what runs on a no-op build and where the image's values come from.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class PlanTests(SdkFeed feed)
{
    private const string RevisionLabel = "org.opencontainers.image.revision";

    [Fact]
    public void Revision_label_is_the_git_head_and_a_no_op_build_runs_no_Exec()
    {
        var project = ModelProject.FromTemplate(feed, "Rev");
        Git(project, "init", "-q");
        Git(project, "add", "-A");
        Git(project, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-q", "-m", "model");
        var head = Git(project, "rev-parse", "HEAD").Trim();

        var first = project.Build();
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(head, Label(project, RevisionLabel));

        var noOp = project.Build("-v:diag");
        Assert.True(noOp.ExitCode == 0, noOp.Output);
        Assert.Contains("Skipping target \"ModelImage\" because all output files are up-to-date", noOp.Output);
        Assert.DoesNotContain("Task \"Exec\"", noOp.Output);
    }

    [Fact]
    public void A_project_outside_git_has_no_revision_label_and_SourceRevisionId_wins()
    {
        var project = ModelProject.FromTemplate(feed, "NoRev");
        Assert.Equal(0, project.Build().ExitCode);
        Assert.Null(Label(project, RevisionLabel));

        var set = project.Build("-p:SourceRevisionId=0123456789abcdef0123456789abcdef01234567");
        Assert.True(set.ExitCode == 0, set.Output);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", Label(project, RevisionLabel));
    }

    [Fact]
    public void Image_configuration_is_computed_into_items_a_project_can_read_and_extend()
    {
        var project = ModelProject.FromTemplate(feed, "Conf");
        project.AddToProject(
            """
              <Target Name="ExtendImage" AfterTargets="ComputeModelImageConfiguration">
                <Message Importance="high" Text="plan: repository=$(ContainerRepository) ports=@(ContainerPort)" />
                <ItemGroup><ContainerLabel Include="com.example.team" Value="vision" /></ItemGroup>
              </Target>
            """
        );
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("plan: repository=conf ports=8080;8081", build.Output);
        Assert.Equal("vision", Label(project, "com.example.team"));
    }

    [Fact]
    public void The_contract_target_alone_builds_no_image()
    {
        var project = ModelProject.FromTemplate(feed, "Only");
        var build = project.Build("-t:ModelContract");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(File.Exists(Path.Combine(project.ModelDirectory, "contract.json")));
        Assert.False(Directory.Exists(project.ImageDirectory));
    }

    private static string? Label(ModelProject project, string name)
    {
        using var config = new OciLayoutFile(project.ImageDirectory).Config();
        var labels = config.RootElement.GetProperty("config").GetProperty("Labels");
        return labels.TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    private static string Git(ModelProject project, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, project.Directory);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }
}
