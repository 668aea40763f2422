namespace ModelSdk.Contracts.Tests;

public sealed class LabelRuleTests
{
    private static CompileResult Compile(
        TestProject p,
        int labels,
        OnnxModelInfo info,
        string purpose = "Classification"
    )
    {
        string? file = null;
        if (labels >= 0)
        {
            file = "labels.txt";
            p.Write(file, string.Concat(Enumerable.Range(0, labels).Select(i => $"class{i}\n")));
        }
        return ModelProjectCompiler.Compile(p.OneModel(labels: file, purpose: purpose), FakeOnnx.Returns(info));
    }

    [Fact]
    public void Matching_labels_give_no_diagnostics()
    {
        using var p = new TestProject();
        var result = Compile(p, 3, FakeOnnx.Classifier(3));
        Assertions.Succeeded(result);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void More_labels_than_classes_is_MODEL0004_naming_output_and_dim()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, 5, FakeOnnx.Classifier(3)), ErrorCodes.TooManyLabels);
        Assert.Contains("'scores'", d.Message);
        Assert.Contains("dim 1", d.Message);
        Assert.Contains("5 labels", d.Message);
        Assert.Equal(p.Path("labels.txt"), d.File);
    }

    [Fact]
    public void Fewer_labels_than_classes_is_warning_MODEL0902()
    {
        using var p = new TestProject();
        var result = Compile(p, 2, FakeOnnx.Classifier(3));
        Assertions.Succeeded(result);
        Assert.Contains("2 labels", Assertions.SingleWarning(result, ErrorCodes.FewerLabelsThanClasses).Message);
    }

    [Fact]
    public void Classification_without_labels_is_warning_MODEL0901()
    {
        using var p = new TestProject();
        var result = Compile(p, -1, FakeOnnx.Classifier(3));
        Assertions.Succeeded(result);
        var d = Assertions.SingleWarning(result, ErrorCodes.NoLabelsForClassification);
        Assert.Contains("Labels=\"labels.txt\"", d.Message);
        Assert.Contains("<Model Update=\"model.onnx\" Purpose=", d.Message);
    }

    [Fact]
    public void Dynamic_class_dimension_is_warning_MODEL0905()
    {
        using var p = new TestProject();
        var info = FakeOnnx.Info(
            [FakeOnnx.Tensor("x", OnnxElementType.Float, 1, 4)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, 1, "classes")]
        );
        var result = Compile(p, 10, info);
        Assertions.Succeeded(result);
        Assertions.SingleWarning(result, ErrorCodes.LabelsWithoutClassDimension);
    }

    [Fact]
    public void Other_purposes_do_not_check_labels()
    {
        using var p = new TestProject();
        var result = Compile(p, 50, FakeOnnx.Classifier(3), purpose: "SemanticSegmentation");
        Assertions.Succeeded(result);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_declared_contract_can_narrow_the_class_dimension_the_check_uses()
    {
        using var p = new TestProject();
        p.Write("labels.txt", "a\nb\nc\nd\n");
        p.Write("contract.yaml", "outputs:\n  y: {shape: [1, 3]}\n");
        var info = FakeOnnx.Info(
            [FakeOnnx.Tensor("x", OnnxElementType.Float, 1, 4)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, 1, "classes")]
        );
        var spec = p.OneModel(labels: "labels.txt", contract: "contract.yaml", purpose: "Classification");
        Assertions.SingleError(ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(info)), ErrorCodes.TooManyLabels);
    }
}
