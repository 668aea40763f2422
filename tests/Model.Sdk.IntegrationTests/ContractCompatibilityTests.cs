using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// The compatibility gate end to end: a baseline from a contract.json, from a package on a folder feed, and the
/// previous release in a loopback registry on dotnet publish. Every change kind is covered by the unit tests
/// (ContractComparerTests); these check that each baseline source reaches the gate and a break stops the build.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ContractCompatibilityTests(SdkFeed feed)
{
    [Fact]
    public void A_breaking_change_against_a_contract_file_needs_a_major_version_or_a_deliberate_break()
    {
        var project = ModelProject.FromTemplate(feed, "CompatFile");
        Assert.True(project.Build().ExitCode == 0);
        var released = project.Path_("released");
        Directory.CreateDirectory(released);
        foreach (var file in new[] { "contract.json", "labels.txt" })
            File.Copy(Path.Combine(project.ModelDirectory, file), Path.Combine(released, file));
        // Rename the input (a declared contract may) and drop the last label: two breaking changes.
        project.Write("contract.yaml", "inputs:\n  features: {from: input}\n");
        project.Write("labels.txt", "setosa\nversicolor\n");

        var refused = project.Build("-p:Version=1.1.0", "-p:ModelContractBaseline=released/contract.json");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error MODEL0430", refused.Output);
        Assert.Contains("input 'input' was renamed to 'features'", refused.Output);
        Assert.Contains("1 label(s) were removed from the end ('virginica')", refused.Output);
        Assert.Contains("at least 2.0.0", refused.Output);

        var deliberate = project.Build(
            "-p:Version=1.1.0",
            "-p:ModelContractBaseline=released/contract.json",
            "-p:ModelAllowBreakingContractChange=true"
        );
        Assert.True(deliberate.ExitCode == 0, deliberate.Output);
        Assert.Contains("warning MODEL0431", deliberate.Output);

        var major = project.Build("-p:Version=2.0.0", "-p:ModelContractBaseline=released/contract.json");
        Assert.True(major.ExitCode == 0, major.Output);
        Assert.Contains("Contract 2.0.0 compared with 1.0.0", major.Output);
    }

    [Fact]
    public void An_additive_change_against_a_package_on_a_folder_feed_needs_a_minor_version()
    {
        var project = ModelProject.FromTemplate(feed, "CompatFeed");
        var source = project.Path_("feed");
        var pack = feed.Dotnet(project.Directory, "pack", project.ProjectFile, "-c", "Release", "-o", source);
        Assert.True(pack.ExitCode == 0, pack.Output);
        // The template's model has 3 classes, so a 4th label would be MODEL0004: a new parameter is the addition.
        project.AddToProject(
            "<ItemGroup><ModelParameter Include=\"threshold\" Type=\"float\" Default=\"0.5\" /></ItemGroup>"
        );

        var refused = project.Build(
            "-p:Version=1.0.1",
            "-p:ModelContractBaseline=1.0.0",
            "-p:ModelContractBaselineSource=feed"
        );

        Assert.NotEqual(0, refused.ExitCode);
        Assert.True(refused.Output.Contains("error MODEL0432"), refused.Output);
        Assert.Contains("package CompatFeed 1.0.0", refused.Output);
        Assert.Contains("parameter 'threshold' was added", refused.Output);

        var minor = project.Build(
            "-p:Version=1.1.0",
            "-p:ModelContractBaseline=1.0.0",
            "-p:ModelContractBaselineSource=feed"
        );
        Assert.True(minor.ExitCode == 0, minor.Output);
        var missing = project.Build(
            "-p:Version=1.1.0",
            "-p:ModelContractBaseline=0.9.0",
            "-p:ModelContractBaselineSource=feed"
        );
        Assert.Contains("error MODEL0434", missing.Output);
    }

    [Fact]
    public void Publish_compares_with_the_previous_release_in_the_registry_and_pushes_no_break()
    {
        using var registry = RegistryServer.Anonymous();
        var project = ModelProject.FromTemplate(feed, "CompatRegistry");
        string[] publish =
        [
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            $"-p:ContainerRegistry={registry.Address}",
        ];
        var first = feed.Dotnet(project.Directory, publish);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("holds no release below 1.0.0", first.Output);
        project.Write("labels.txt", "versicolor\nsetosa\nvirginica\n");

        var refused = feed.Dotnet(project.Directory, [.. publish, "-p:Version=1.0.1"]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error MODEL0430", refused.Output);
        Assert.Contains($"{registry.Address}/compatregistry:1.0.0", refused.Output);
        Assert.Contains("labels were reordered (0: 'setosa' -> 'versicolor'", refused.Output);
        var tags = ProcessRunner.Run(
            "skopeo",
            ["list-tags", "--tls-verify=false", $"docker://{registry.Address}/compatregistry"],
            project.Directory
        );
        Assert.DoesNotContain("1.0.1", tags.Output);

        var major = feed.Dotnet(project.Directory, [.. publish, "-p:Version=2.0.0"]);
        Assert.True(major.ExitCode == 0, major.Output);
    }
}
