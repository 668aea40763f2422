using System.Text.Json;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

/// <summary>
/// features: in a declared contract name a record input's columns; they reach contract.json
/// (modelDetails[].inputs[].features), where the runtime takes v1 instances keyed by them.
/// </summary>
public sealed class FeatureContractTests
{
    private static readonly OnnxModelInfo Tabular = FakeOnnx.Info(
        [FakeOnnx.Tensor("x", OnnxElementType.Float, "N", 4L)],
        [FakeOnnx.Tensor("y", OnnxElementType.Float, "N", 3L)]
    );

    private static CompileResult Compile(TestProject p, string yaml, OnnxModelInfo? info = null)
    {
        p.Write("contract.yaml", yaml);
        return ModelProjectCompiler.Compile(p.OneModel(contract: "contract.yaml"), FakeOnnx.Returns(info ?? Tabular));
    }

    [Fact]
    public void Declared_features_reach_contract_json_in_order()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(
            Compile(p, "inputs:\n  x:\n    features: [sepal_length, sepal_width, petal_length, petal_width]\n")
        );

        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], set.Models[0].Inputs[0].Features);
        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(set));
        var input = doc.RootElement.GetProperty("modelDetails")[0].GetProperty("inputs")[0];
        Assert.Equal(
            ["sepal_length", "sepal_width", "petal_length", "petal_width"],
            input.GetProperty("features").EnumerateArray().Select(e => e.GetString())
        );
    }

    [Fact]
    public void Without_features_the_contract_has_no_features_key()
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p, "inputs:\n  x: {description: Measurements.}\n"));
        using var doc = JsonDocument.Parse(ContractJsonWriter.Write(set));
        var input = doc.RootElement.GetProperty("modelDetails")[0].GetProperty("inputs")[0];
        Assert.False(input.TryGetProperty("features", out _));
    }

    [Theory]
    [InlineData("inputs:\n  x:\n    features: sepal\n", 3, "not a list of column names")]
    [InlineData("inputs:\n  x:\n    features: [a, b, a, c]\n", 3, "lists feature 'a' twice")]
    [InlineData("inputs:\n  x:\n    features:\n      - a\n      - [b]\n", 5, "not a name")]
    public void Bad_features_are_MODEL0144_at_their_line(string yaml, int line, string says)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, yaml), ErrorCodes.FeaturesInvalid);
        Assert.Equal(line, d.Line);
        Assert.Contains(says, d.Message);
        Assert.Contains("features: [sepal_length", d.Message);
    }

    [Fact]
    public void Features_that_do_not_fill_the_last_axis_are_MODEL0145()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "inputs:\n  x:\n    features: [a, b, c]\n"),
            ErrorCodes.FeaturesDoNotFitInput
        );
        Assert.Equal(3, d.Line);
        Assert.Contains("declares 3 features but its shape is [-1,4]", d.Message);
        Assert.Contains("List exactly 4 column names", d.Message);
    }

    [Fact]
    public void Features_on_a_symbolic_last_axis_are_taken_as_they_are()
    {
        using var p = new TestProject();
        var info = FakeOnnx.Info(
            [FakeOnnx.Tensor("x", OnnxElementType.Float, "N", "F")],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, "N")]
        );
        var set = Assertions.Succeeded(Compile(p, "inputs:\n  x: {features: [a, b]}\n", info));
        Assert.Equal(["a", "b"], set.Models[0].Inputs[0].Features);
    }

    [Fact]
    public void Features_on_an_output_are_MODEL0146()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, "outputs:\n  y: {features: [setosa, versicolor, virginica]}\n"),
            ErrorCodes.FeaturesOnOutput
        );
        Assert.Contains("only inputs take JSON records", d.Message);
    }
}
