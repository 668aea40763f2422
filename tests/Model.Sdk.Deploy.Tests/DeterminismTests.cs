using ModelSdk.ContractModel;

namespace ModelSdk.Deploy.Tests;

public class DeterminismTests
{
    [Fact]
    public void Same_inputs_give_the_same_bytes_in_any_folder()
    {
        using var a = new DeployFixture(
            new ResourceDetails { Cores = 1.5, MaxMemoryMB = 256 },
            DeployFixture.Parameter("K", "int", "1")
        );
        using var b = new DeployFixture(
            new ResourceDetails { Cores = 1.5, MaxMemoryMB = 256 },
            DeployFixture.Parameter("K", "int", "1")
        );
        var first = DeployManifests.Write(a.Request, Path.Combine(a.Directory, "deploy"));
        var again = DeployManifests.Write(a.Request, Path.Combine(a.Directory, "deploy"));
        var other = DeployManifests.Write(b.Request, Path.Combine(b.Directory, "out", "deploy"));
        Assert.Equal(["kserve-modelcar.yaml", "kserve.yaml", "kubernetes.yaml"], first.Select(Path.GetFileName));
        for (var i = 0; i < first.Count; i++)
        {
            var bytes = File.ReadAllBytes(first[i]);
            Assert.Equal(bytes, File.ReadAllBytes(again[i]));
            Assert.Equal(bytes, File.ReadAllBytes(other[i]));
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.DoesNotContain(a.Directory, File.ReadAllText(first[i]));
        }
    }

    [Fact]
    public void A_local_image_says_it_is_not_pushed_and_a_pushed_one_does_not()
    {
        using var fixture = new DeployFixture();
        Assert.All(fixture.Render().Values, text => Assert.DoesNotContain("Not pushed", text));
        fixture.Request = fixture.Request with { Pushed = false, ImageRepository = "iris" };
        Assert.All(fixture.Render().Values, text => Assert.StartsWith("# Model 'Iris' 1.2.0", text));
        Assert.All(
            fixture.Render().Values,
            text => Assert.Contains("# Not pushed: the digest is the local build's", text)
        );
    }
}
