namespace ModelSdk.Deploy.Tests;

public class YamlTextTests
{
    [Theory]
    [InlineData("ClusterIP", true)]
    [InlineData("/v2/health/live", true)]
    [InlineData("iris@sha256:0123", true)]
    [InlineData("nvidia.com/gpu", true)]
    [InlineData("on", false)]
    [InlineData("No", false)]
    [InlineData("null", false)]
    [InlineData("1.0.0", false)]
    [InlineData("500m", false)]
    [InlineData("", false)]
    [InlineData("a: b", false)]
    [InlineData("key:", false)]
    [InlineData("-x", false)]
    [InlineData("*ref", false)]
    public void Strings_stay_plain_only_when_every_reader_reads_them_back_as_the_same_string(string text, bool plain) =>
        Assert.Equal(plain, YamlText.IsPlainSafe(text));

    [Fact]
    public void Documents_are_separated_and_end_with_a_newline()
    {
        var text = YamlText.Write(
            [
                new YamlMapping().Add("a", "on"),
                new YamlMapping().Add("b", 1L).Add("c", new YamlMapping { KeepWhenEmpty = true }),
            ],
            ["header"]
        );
        Assert.Equal("# header\n---\na: \"on\"\n---\nb: 1\nc: {}\n", text);
    }
}
