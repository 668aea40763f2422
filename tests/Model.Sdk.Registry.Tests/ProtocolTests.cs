using System.Text;

namespace ModelSdk.Registry.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public void Challenge_parameters_parse_with_quoted_commas()
    {
        var parameters = AuthChallenge.ParseParameters(
            "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\""
        );

        Assert.Equal("https://auth.example.com/token", parameters["realm"]);
        Assert.Equal("registry.example.com", parameters["service"]);
        Assert.Equal("repository:a/b:pull,push", parameters["scope"]);
    }

    [Fact]
    public void Registry_error_bodies_become_one_line()
    {
        var body =
            """{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:abc"}]}""";

        Assert.Equal("MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:abc)", RegistryErrors.MessageOf(body));
        Assert.True(RegistryErrors.Has(body, "MANIFEST_BLOB_UNKNOWN"));
        Assert.Equal("plain text", RegistryErrors.MessageOf("plain text\n"));
    }

    [Fact]
    public void Manifests_parse_as_image_or_index()
    {
        var digest = "sha256:" + new string('a', 64);
        var image = Manifest.Parse(
            Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"config":{"mediaType":"c","digest":"{{{digest}}}","size":2},"layers":[{"mediaType":"l","digest":"{{{digest}}}","size":3}],"annotations":{"k":"v"}}"""
            ),
            MediaTypes.DockerManifest,
            "test"
        );
        var index = Manifest.Parse(
            Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[{"mediaType":"m","digest":"{{{digest}}}","size":5,"platform":{"os":"linux","architecture":"arm64"}}]}"""
            ),
            null,
            "test"
        );

        Assert.Equal(MediaTypes.DockerManifest, image.MediaType);
        Assert.Equal(2, image.Blobs.Count());
        Assert.Equal("v", image.Annotations["k"]);
        Assert.True(index.IsIndex);
        Assert.True(Platform.Parse("linux/arm64/v8").Matches(index.Manifests[0].Platform));
        Assert.False(Platform.LinuxAmd64.Matches(index.Manifests[0].Platform));
    }

    [Fact]
    public void Retry_delays_grow_and_honour_retry_after_up_to_the_cap()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };

        Assert.InRange(policy.DelayBefore(2, null), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.InRange(policy.DelayBefore(4, null), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4.8));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(2, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayBefore(2, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Timeouts_scale_with_size()
    {
        var options = new RegistryOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(100),
            MinimumBytesPerSecond = 1 << 20,
        };

        Assert.Equal(TimeSpan.FromSeconds(100), options.TimeoutFor(0));
        Assert.Equal(TimeSpan.FromSeconds(1124), options.TimeoutFor(1L << 30));
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com", false)]
    [InlineData("myreg.local:5000", true)]
    public void Only_loopback_and_listed_registries_are_insecure(string registry, bool insecure) =>
        Assert.Equal(insecure, new RegistryOptions { InsecureRegistries = ["myreg.local"] }.IsInsecure(registry));
}
