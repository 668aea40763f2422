using System.Text;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// The default template project on scratch (no base image: the default base holds Debian packages and the runtime,
/// which change on their own) has a pinned image digest, so that a refactor of the SDK cannot change it unnoticed.
/// Change the pinned value only on purpose, and say why in the commit.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class PinnedDigestTests(SdkFeed feed)
{
    // Recorded with packages packed from 3be3fe0 (image code as on 20b07b2, before the OCI refactor of issue #9).
    private const string TemplateOnScratch = "sha256:b61f0418b3fd17fb8e32690ab75d1c0be56cbce0b0a4215c0057281e0ada2c51";

    [Fact]
    public void Default_template_on_scratch_has_the_pinned_image_digest()
    {
        var project = ModelProject.FromTemplate(feed, "Pinned");

        var build = project.Build("-p:ModelSdkDefaultBaseImage=/nonexistent/", "-p:ModelImageWithoutBase=true");

        Assert.True(build.ExitCode == 0, build.Output);
        var layout = new OciLayoutFile(project.ImageDirectory);
        Assert.True(TemplateOnScratch == layout.ManifestDigest, Describe(layout));
    }

    private static string Describe(OciLayoutFile layout)
    {
        var text = new StringBuilder($"manifest {layout.ManifestDigest}\n");
        text.AppendLine(Encoding.UTF8.GetString(layout.Blob(layout.ManifestDigest)));
        using var config = layout.Config();
        text.AppendLine(config.RootElement.GetRawText());
        return text.ToString();
    }
}
