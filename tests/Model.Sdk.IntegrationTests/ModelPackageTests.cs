using System.IO.Compression;
using System.Security.Cryptography;

namespace ModelSdk.IntegrationTests;

[Collection(SdkFeedCollection.Name)]
public sealed class ModelPackageTests(SdkFeed feed)
{
    [Fact]
    public void Pack_makes_a_model_package_with_contract_files_card_and_consumer_props()
    {
        var project = ModelProject.FromTemplate(feed, "Faces");
        project.SetProperty("Version", "1.2.0");
        var output = Path.Combine(project.Directory, "pkg");

        var pack = feed.Dotnet(
            project.Directory,
            "pack",
            project.ProjectFile,
            "-c",
            "Release",
            "-o",
            output,
            "-nodeReuse:false"
        );

        Assert.True(pack.ExitCode == 0, pack.Output);
        var nupkg = Path.Combine(output, "Faces.1.2.0.nupkg");
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (
            var expected in new[]
            {
                "model/contract.json",
                "model/contract.protobin",
                "model/serving.yaml",
                "model/labels.txt",
                "model/files/model.onnx",
                "README.md",
                "buildTransitive/Faces.props",
                "build/Faces.props",
                "buildTransitive/Faces.targets",
                "build/Faces.targets",
            }
        )
            Assert.Contains(expected, entries);
        using var nuspec = new StreamReader(zip.GetEntry("Faces.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<packageType name=\"AIModel\" />", text);
        Assert.Contains("<readme>README.md</readme>", text);
    }

    [Fact]
    public void Packing_twice_in_different_folders_gives_identical_bytes()
    {
        var first = ModelProject.FromTemplate(feed, "Same");
        var second = ModelProject.FromTemplate(feed, "Same");

        var a = PackBytes(first);
        Thread.Sleep(TimeSpan.FromSeconds(2)); // a different wall clock for the second pack
        var b = PackBytes(second);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(a)), Convert.ToHexString(SHA256.HashData(b)));
    }

    [Fact]
    public void A_console_app_that_references_the_package_gets_the_model_in_its_output()
    {
        var model = ModelProject.FromTemplate(feed, "Flowers");
        model.SetProperty("Version", "2.0.0");
        var modelFeed = Path.Combine(model.Directory, "..", "model-feed");
        feed.Dotnet(model.Directory, "pack", model.ProjectFile, "-c", "Release", "-o", modelFeed, "-nodeReuse:false")
            .EnsureSuccess("dotnet pack");

        var app = Path.Combine(model.Directory, "..", "App");
        Directory.CreateDirectory(app);
        File.WriteAllText(
            Path.Combine(app, "NuGet.config"),
            $"""<configuration><packageSources><add key="models" value="{Path.GetFullPath(modelFeed)}" /></packageSources></configuration>"""
        );
        File.WriteAllText(
            Path.Combine(app, "App.csproj"),
            """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Flowers" Version="2.0.0" />
              </ItemGroup>
              <Target Name="ShowModelDirectory" AfterTargets="Build">
                <Message Importance="high" Text="ModelDirectory=$(FlowersModelDirectory)|" />
              </Target>
              <Target Name="ShowModelPublishDirectory" AfterTargets="Publish">
                <Message Importance="high" Text="ModelPublishDirectory=$(FlowersModelPublishDirectory)|" />
              </Target>
            </Project>
            """
        );
        File.WriteAllText(
            Path.Combine(app, "Program.cs"),
            """
            using System.Text.Json;
            var path = Path.Combine(AppContext.BaseDirectory, "models", "Flowers", "contract.json");
            using var contract = JsonDocument.Parse(File.ReadAllText(path));
            var model = contract.RootElement.GetProperty("models")[0];
            Console.WriteLine($"model={model.GetProperty("name").GetString()} version={model.GetProperty("versions")[0].GetString()}");
            """
        );

        var run = feed.Dotnet(app, "run", "-c", "Release", "-nodeReuse:false");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("model=Flowers version=2.0.0", run.Output);
        var build = feed.Dotnet(app, "build", "-c", "Release", "-nodeReuse:false");
        var publish = feed.Dotnet(app, "publish", "-c", "Release", "-o", "out", "-nodeReuse:false");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var built = Path.GetFullPath(Path.Combine(app, "bin", "Release", "net10.0", "models", "Flowers")) + "/";
        var published = Path.GetFullPath(Path.Combine(app, "out", "models", "Flowers")) + "/";
        Assert.Equal(built, PrintedValue(build.Output, "ModelDirectory="));
        Assert.Equal(published, PrintedValue(publish.Output, "ModelPublishDirectory="));
        Assert.True(File.Exists(Path.Combine(built, "files", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(published, "files", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(published, "contract.json")));
    }

    private static string PrintedValue(string output, string key)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(key));
        Assert.True(line is not null, $"no {key} in:\n{output}");
        var start = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
        return line[start..line.IndexOf('|', start)];
    }

    private byte[] PackBytes(ModelProject project)
    {
        var output = Path.Combine(project.Directory, "pkg");
        feed.Dotnet(project.Directory, "pack", project.ProjectFile, "-c", "Release", "-o", output, "-nodeReuse:false")
            .EnsureSuccess("dotnet pack");
        return File.ReadAllBytes(Directory.GetFiles(output, "*.nupkg").Single());
    }
}
