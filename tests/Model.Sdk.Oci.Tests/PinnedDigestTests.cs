namespace ModelSdk.Oci.Tests;

/// <summary>
/// Pins the manifest digests of fixed inputs, so that a refactor of the image code cannot change them unnoticed.
/// Change a pinned value only on purpose, and say why in the commit.
/// </summary>
public sealed class PinnedDigestTests
{
    // Recorded on 20b07b2 (before the OCI refactor of issue #9).
    private const string ScratchDigest = "sha256:f5a7b9f4d8d38eb7a356ded68c997a2b6a9b2d69c20bc05ee70691ac8cd9bebb";
    private const string FullDigest = "sha256:b4b3914be1c5884c957a2ad2d8d0e1df15362f6725aa51be8c6ee36a8310ed9f";

    [Fact]
    public void Default_request_on_scratch_gives_the_pinned_digest()
    {
        using var build = new ImageBuild();
        var outcome = build.Build(build.Request() with { BaseImage = null, BaseName = null });

        Assert.True(ScratchDigest == outcome.Image.ManifestDigest, Describe(build, outcome));
    }

    [Fact]
    public void Every_image_setting_on_a_fixed_base_gives_the_pinned_digest()
    {
        using var build = new ImageBuild();
        var baseLayout = FixedBase(build.Root);
        var outcome = build.Build(
            build.Request(baseLayout) with
            {
                BaseName = "example.test/base:1",
                Repository = "faces-pinned",
                Registry = "registry.example.test",
                Tags = ["1.2.3", "stable"],
                Ports = ["9000", "9001/tcp", "53/udp"],
                User = "2000:2000",
                WorkingDirectory = "/model",
                Environment = [new("MODEL_THREADS", "4"), new("FACES_MODE", "slow")],
                Labels = new Dictionary<string, string>
                {
                    ["team"] = "vision",
                    ["org.opencontainers.image.revision"] = "0123456789abcdef",
                    ["org.opencontainers.image.source"] = "https://example.test/faces",
                },
                Compression = LayerCompression.Gzip,
                SourceDateEpoch = 1_700_000_000,
                RuntimeIdentifier = "linux-arm64",
            }
        );

        Assert.True(FullDigest == outcome.Image.ManifestDigest, Describe(build, outcome));
    }

    /// <summary>A base image from fixed bytes only (no Debian package), written with the library.</summary>
    private static string FixedBase(string root)
    {
        var files = Path.Combine(root, "base-files");
        Directory.CreateDirectory(files);
        File.WriteAllText(Path.Combine(files, "passwd"), "root:x:0:0:root:/root:/sbin/nologin\n");
        File.WriteAllBytes(Path.Combine(files, "tool"), ModelFolder.Bytes(4096, seed: 7));
        var spec = new ImageSpec
        {
            Platform = new Platform("linux", "arm64"),
            Layers =
            [
                new LayerSpec(
                    "base",
                    [
                        LayerEntry.FromFile(Path.Combine(files, "passwd"), "etc/passwd"),
                        LayerEntry.FromFile(Path.Combine(files, "tool"), "bin/tool", executable: true),
                        LayerEntry.Symlink("bin/sh", "tool"),
                        LayerEntry.Directory("tmp"),
                    ]
                ),
            ],
            Tags = ["base"],
            Config = new ImageConfigOptions
            {
                Entrypoint = ["/bin/tool"],
                Environment = [new("PATH", "/bin"), new("FACES_MODE", "base")],
            },
        };
        var layout = Path.Combine(root, "base-layout");
        ImageLayoutWriter.Write(spec, layout, Path.Combine(root, "base-cache"));
        return layout;
    }

    private static string Describe(ImageBuild build, ModelImageOutcome outcome) =>
        $"manifest {outcome.Image.ManifestDigest}, config {outcome.Image.ConfigDigest}, layers "
        + string.Join(", ", outcome.Image.Layers.Select(l => l.Digest))
        + "\nmanifest: "
        + build.Manifest.ToJsonString()
        + "\nconfig: "
        + build.Config.ToJsonString();
}
