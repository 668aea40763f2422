using System.Text;
using System.Text.Json;
using ModelSdk.ContractModel;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

public sealed class CatalogTests
{
    private static CompileResult Compile(ProjectSpec spec) =>
        ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier()));

    private static readonly CatalogDetails Full = new()
    {
        Dataset = " ImageNet ",
        Website = "https://example.com/models/faces",
        Accuracy = "71.3%",
        MeanAveragePrecisionTop1 = "0.5",
        MeanAveragePrecisionTop5 = "0.8",
        InferenceTime = "35 ms",
    };

    [Fact]
    public void Catalog_properties_reach_contract_json_and_the_model_card_as_written()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p.OneModel() with { Catalog = Full }));

        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(set));
        var catalog = doc.RootElement.GetProperty("package").GetProperty("catalog");
        Assert.Equal("ImageNet", catalog.GetProperty("dataset").GetString());
        Assert.Equal("https://example.com/models/faces", catalog.GetProperty("website").GetString());
        Assert.Equal("71.3%", catalog.GetProperty("accuracy").GetString());
        Assert.Equal("0.5", catalog.GetProperty("meanAveragePrecisionTop1").GetString());
        Assert.Equal("0.8", catalog.GetProperty("meanAveragePrecisionTop5").GetString());
        Assert.Equal("35 ms", catalog.GetProperty("inferenceTime").GetString());
        var card = Encoding.UTF8.GetString(ModelCardWriter.Write(set));
        Assert.Contains(
            "## Catalog\n\n- Dataset: ImageNet\n- Website: https://example.com/models/faces\n- Accuracy: 71.3%\n",
            card
        );
        Assert.Contains("- mAP top-5: 0.8\n", card);
    }

    [Fact]
    public void Without_catalog_properties_contract_json_has_no_catalog_key()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p.OneModel()));

        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(set));
        Assert.False(doc.RootElement.GetProperty("package").TryGetProperty("catalog", out _));
        Assert.DoesNotContain("## Catalog", Encoding.UTF8.GetString(ModelCardWriter.Write(set)));
    }

    [Theory]
    [InlineData("71.3")]
    [InlineData("101%")]
    [InlineData("-0.1")]
    [InlineData("high")]
    [InlineData("0,7")]
    public void An_accuracy_that_is_no_fraction_or_percentage_is_MODEL0412(string accuracy)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p.OneModel() with { Catalog = new CatalogDetails { Accuracy = accuracy } }),
            ErrorCodes.CatalogValueInvalid
        );
        Assert.Contains("ModelAccuracy", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("ftp://example.com/x")]
    [InlineData("/models/faces")]
    public void A_website_that_is_no_http_url_is_MODEL0412(string url)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p.OneModel() with { Catalog = new CatalogDetails { Website = url } }),
            ErrorCodes.CatalogValueInvalid
        );
        Assert.Contains("PackageProjectUrl", d.Message);
    }
}
