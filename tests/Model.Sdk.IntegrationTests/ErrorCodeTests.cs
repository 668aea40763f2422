namespace ModelSdk.IntegrationTests;

/// <summary>Every coded error and warning, raised by a real dotnet build of a broken project.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ErrorCodeTests(SdkFeed feed)
{
    public static TheoryData<string> Errors => new(Cases.Where(c => c.Value.Error).Select(c => c.Key));

    public static TheoryData<string> Warnings => new(Cases.Where(c => !c.Value.Error).Select(c => c.Key));

    private sealed record Case(string Code, bool Error, Action<ModelProject> Break, string? FileInMessage = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["missing model file"] = new(
            "MODEL0001",
            true,
            p => p.AddToProject("""<ItemGroup><Model Include="gone.onnx" /></ItemGroup>"""),
            "gone.onnx"
        ),
        ["not onnx"] = new("MODEL0002", true, p => p.Write("model.onnx", "<html>not a model</html>"), "model.onnx"),
        ["truncated onnx"] = new("MODEL0002", true, p => Truncate(p.Path_("model.onnx")), "model.onnx"),
        ["framework without contract"] = new("MODEL0003", true, p => p.SetProperty("ModelFramework", "caffe")),
        ["too many labels"] = new("MODEL0004", true, p => p.Write("labels.txt", "a\nb\nc\nd\ne\n"), "labels.txt"),
        ["unknown framework"] = new("MODEL0005", true, p => p.SetProperty("ModelFramework", "pytorch-lightning")),
        ["unknown purpose"] = new("MODEL0006", true, p => p.SetProperty("ModelPurpose", "Dreaming")),
        ["invalid version"] = new("MODEL0007", true, p => p.SetProperty("Version", "1.0")),
        ["duplicate names"] = new(
            "MODEL0008",
            true,
            p =>
            {
                File.Copy(p.Path_("model.onnx"), p.Path_("second.onnx"));
                p.AddToProject(
                    """<ItemGroup><Model Update="second.onnx" Name="same" /><Model Update="model.onnx" Name="same" /></ItemGroup>"""
                );
            }
        ),
        ["mean of two numbers"] = new("MODEL0009", true, p => p.SetProperty("ModelMean", "1,2")),
        ["negative batch size"] = new("MODEL0010", true, p => p.SetProperty("ModelMaxBatchSize", "-4")),
        ["yaml syntax"] = new(
            "MODEL0011",
            true,
            p => p.Write("contract.yaml", "inputs:\n  input: [unclosed\n"),
            "contract.yaml"
        ),
        ["contract conflict"] = new(
            "MODEL0012",
            true,
            p => p.Write("contract.yaml", "inputs:\n  input:\n    type: INT64\n    shape: [-1, 4]\n"),
            "contract.yaml"
        ),
        ["name escapes output"] = new(
            "MODEL0013",
            true,
            p => p.AddToProject("""<ItemGroup><Model Update="model.onnx" Name="../../evil" /></ItemGroup>""")
        ),
        ["missing labels file"] = new(
            "MODEL0015",
            true,
            p => p.AddToProject("""<ItemGroup><Model Update="model.onnx" Labels="nope.txt" /></ItemGroup>"""),
            "nope.txt"
        ),
        ["bad parameter"] = new(
            "MODEL0016",
            true,
            p =>
                p.AddToProject(
                    """<ItemGroup><ModelParameter Include="threshold" Type="float" Default="high" /></ItemGroup>"""
                )
        ),
        ["no model"] = new("MODEL0017", true, p => File.Delete(p.Path_("model.onnx"))),
        ["same file included twice"] = new(
            "MODEL0023",
            true,
            p => p.AddToProject("""<ItemGroup><Model Include="model.onnx" /></ItemGroup>"""),
            "EnableDefaultModelItems"
        ),
        ["version restore cannot parse"] = new("MODEL0007", true, p => p.SetProperty("Version", "1.x")),
        ["invalid repository"] = new("MODEL0100", true, p => p.SetProperty("ContainerRepository", "Bad Repo!")),
        ["invalid tag"] = new("MODEL0101", true, p => p.SetProperty("ContainerImageTags", "-not-a-tag")),
        ["missing base image"] = new(
            "MODEL0102",
            true,
            p => p.SetProperty("ContainerBaseImage", "/nonexistent/base-layout/")
        ),
        ["bad port"] = new("MODEL0110", true, p => p.SetProperty("ContainerPort", "http")),
        ["bad local registry"] = new("MODEL0114", true, p => p.SetProperty("LocalRegistry", "Containerd")),
        ["bad ModelPack precision"] = new("MODEL0181", true, p => p.SetProperty("ModelPackPrecision", "fp32")),
        ["no base image"] = new(
            "MODEL0119",
            true,
            p => p.SetProperty("ModelSdkDefaultBaseImage", "/nonexistent/sdk-base-image/"),
            "ModelImageWithoutBase"
        ),
        ["no labels for classification"] = new(
            "MODEL0901",
            false,
            p =>
            {
                File.Delete(p.Path_("labels.txt"));
                p.RemoveFromProject("""<Model Update="model.onnx" Labels="labels.txt" />""");
            },
            "Purpose="
        ),
        ["fewer labels than classes"] = new("MODEL0902", false, p => p.Write("labels.txt", "a\nb\n"), "labels.txt"),
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Broken_project_fails_with_its_code(string name)
    {
        var (project, build) = BuildBroken(name);

        Assert.NotEqual(0, build.ExitCode);
        AssertCoded(Cases[name], "error", build.Output);
        Assert.DoesNotContain("   at ", build.Output); // no stack traces
        // Contract errors write nothing; image errors come after the contract step and leave no image.
        var failedStep =
            string.CompareOrdinal(Cases[name].Code, "MODEL0100") < 0 ? project.ModelDirectory : project.ImageDirectory;
        Assert.False(Directory.Exists(failedStep) && Directory.EnumerateFileSystemEntries(failedStep).Any());
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Suspicious_project_builds_with_a_coded_warning(string name)
    {
        var (_, build) = BuildBroken(name);

        Assert.True(build.ExitCode == 0, build.Output);
        AssertCoded(Cases[name], "warning", build.Output);
    }

    private (ModelProject, Testing.ProcessResult) BuildBroken(string name)
    {
        var project = ModelProject.FromTemplate(feed, "Broken");
        Cases[name].Break(project);
        return (project, project.Build());
    }

    private static void AssertCoded(Case c, string kind, string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains($"{kind} {c.Code}:"));
        Assert.True(line is not null, $"expected {kind} {c.Code} in:\n{output}");
        if (c.FileInMessage is not null)
            Assert.Contains(c.FileInMessage, line);
    }

    private static void Truncate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }
}
