using ModelSdk.Contracts.Compatibility;
using static ModelSdk.Contracts.Tests.Compatibility.Snapshots;

namespace ModelSdk.Contracts.Tests.Compatibility;

public sealed class ContractComparerTests
{
    private static readonly ContractSnapshot Baseline = Classifier();

    private static ContractChange Single(ContractSnapshot current)
    {
        var changes = ContractComparer.Compare(Baseline, current);
        return Assert.Single(changes);
    }

    [Fact]
    public void The_same_contract_has_no_change()
    {
        Assert.Empty(ContractComparer.Compare(Baseline, Classifier(version: "1.2.1")));
        Assert.Null(ContractComparer.Required([]));
    }

    [Theory]
    [InlineData("input")]
    [InlineData("output")]
    public void A_removed_tensor_is_breaking(string role)
    {
        var current = role == "input" ? Classifier(inputs: []) : Classifier(outputs: []);
        var change = Single(current);
        Assert.Equal((ChangeSeverity.Breaking, $"{role}-removed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void A_renamed_input_is_breaking_and_called_a_rename()
    {
        var change = Single(Classifier(inputs: [Tensor("pixels", "FP32", -1, 3, 224, 224)]));
        Assert.Equal((ChangeSeverity.Breaking, "input-renamed"), (change.Severity, change.Kind));
        Assert.Contains("'image' was renamed to 'pixels'", change.Description);
    }

    [Fact]
    public void A_renamed_output_is_breaking()
    {
        var change = Single(Classifier(outputs: [Tensor("probabilities", "FP32", -1, 3)]));
        Assert.Equal((ChangeSeverity.Breaking, "output-renamed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void A_new_output_is_additive_and_a_new_input_breaking()
    {
        var output = Single(
            Classifier(outputs: [Tensor("scores", "FP32", -1, 3), Tensor("embedding", "FP32", -1, 128)])
        );
        Assert.Equal((ChangeSeverity.Additive, "output-added"), (output.Severity, output.Kind));
        var input = Single(Classifier(inputs: [Tensor("image", "FP32", -1, 3, 224, 224), Tensor("mask", "BOOL", -1)]));
        Assert.Equal((ChangeSeverity.Breaking, "input-added"), (input.Severity, input.Kind));
    }

    [Fact]
    public void A_changed_datatype_is_breaking()
    {
        var change = Single(Classifier(inputs: [Tensor("image", "UINT8", -1, 3, 224, 224)]));
        Assert.Equal((ChangeSeverity.Breaking, "datatype-changed"), (change.Severity, change.Kind));
        Assert.Contains("FP32 to UINT8", change.Description);
    }

    [Fact]
    public void A_changed_fixed_dim_is_breaking()
    {
        var change = Single(Classifier(inputs: [Tensor("image", "FP32", -1, 3, 256, 224)]));
        Assert.Equal((ChangeSeverity.Breaking, "dim-changed"), (change.Severity, change.Kind));
        Assert.Contains("dim 2 changed from 224 to 256", change.Description);
    }

    [Fact]
    public void A_dynamic_dim_made_fixed_is_breaking()
    {
        var change = Single(Classifier(inputs: [Tensor("image", "FP32", 1, 3, 224, 224)]));
        Assert.Equal((ChangeSeverity.Breaking, "dim-made-fixed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void A_fixed_input_dim_made_dynamic_is_additive_but_an_output_dim_breaking()
    {
        var input = Single(Classifier(inputs: [Tensor("image", "FP32", -1, 3, -1, 224)]));
        Assert.Equal(ChangeSeverity.Additive, input.Severity);
        var changes = ContractComparer.Compare(
            Baseline,
            Classifier(inputs: [Tensor("image", "FP32", -1, 3, -1, 224)], outputs: [Tensor("scores", "FP32", -1, -1)])
        );
        Assert.Equal([ChangeSeverity.Additive, ChangeSeverity.Breaking], changes.Select(c => c.Severity));
    }

    [Fact]
    public void A_changed_rank_is_breaking()
    {
        var change = Single(Classifier(inputs: [Tensor("image", "FP32", 3, 224, 224)]));
        Assert.Equal((ChangeSeverity.Breaking, "rank-changed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void Reordered_labels_are_breaking()
    {
        var change = Single(Classifier(labels: ["dog", "cat", "bird"]));
        Assert.Equal((ChangeSeverity.Breaking, "labels-reordered"), (change.Severity, change.Kind));
        Assert.Contains("0: 'cat' -> 'dog'", change.Description);
    }

    [Fact]
    public void A_renamed_label_is_breaking()
    {
        var change = Single(Classifier(labels: ["cat", "puppy", "bird"]));
        Assert.Equal((ChangeSeverity.Breaking, "labels-changed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void A_removed_label_is_breaking_and_one_added_at_the_end_additive()
    {
        var removed = Single(Classifier(labels: ["cat", "dog"]));
        Assert.Equal((ChangeSeverity.Breaking, "labels-removed"), (removed.Severity, removed.Kind));
        Assert.Contains("'bird'", removed.Description);
        var added = Single(Classifier(labels: ["cat", "dog", "bird", "fish"]));
        Assert.Equal((ChangeSeverity.Additive, "labels-added"), (added.Severity, added.Kind));
    }

    [Fact]
    public void A_label_inserted_in_the_middle_is_breaking()
    {
        var changes = ContractComparer.Compare(Baseline, Classifier(labels: ["cat", "fish", "dog", "bird"]));
        Assert.Equal(ChangeSeverity.Breaking, ContractComparer.Required(changes));
    }

    [Fact]
    public void A_removed_parameter_is_breaking()
    {
        var change = Single(Classifier(parameters: []));
        Assert.Equal((ChangeSeverity.Breaking, "parameter-removed"), (change.Severity, change.Kind));
    }

    [Fact]
    public void A_new_parameter_with_a_default_is_additive_and_without_one_breaking()
    {
        var with = Single(
            Classifier(parameters: [Parameter("threshold", "float", "0.5"), Parameter("top_k", "int", "5")])
        );
        Assert.Equal((ChangeSeverity.Additive, "parameter-added"), (with.Severity, with.Kind));
        var without = Single(
            Classifier(parameters: [Parameter("threshold", "float", "0.5"), Parameter("top_k", "int", null)])
        );
        Assert.Equal((ChangeSeverity.Breaking, "parameter-added-required"), (without.Severity, without.Kind));
    }

    [Fact]
    public void A_retyped_parameter_is_breaking_an_alias_is_not_and_a_new_default_is_a_patch()
    {
        Assert.Equal(
            "parameter-type-changed",
            Single(Classifier(parameters: [Parameter("threshold", "int", "0.5")])).Kind
        );
        Assert.Empty(
            ContractComparer.Compare(Baseline, Classifier(parameters: [Parameter("THRESHOLD", "double", "0.5")]))
        );
        var patch = Single(Classifier(parameters: [Parameter("threshold", "float", "0.6")]));
        Assert.Equal((ChangeSeverity.Patch, "parameter-default-changed"), (patch.Severity, patch.Kind));
    }

    [Fact]
    public void Purpose_and_architecture_changes_are_breaking_preprocessing_a_patch()
    {
        Assert.Equal(ChangeSeverity.Breaking, Single(Classifier(purpose: "ObjectDetection")).Severity);
        Assert.Equal("architecture-changed", Single(Classifier(architecture: "yolo")).Kind);
        var pre = Single(Classifier(scale: 0.5));
        Assert.Equal((ChangeSeverity.Patch, "preprocessing-changed"), (pre.Severity, pre.Kind));
    }

    [Fact]
    public void A_removed_model_is_breaking_and_a_new_one_additive()
    {
        var extra = new ModelSdk.ContractModel.ModelMetadata { Name = "recognizer", Platform = "onnx_onnxv1" };
        var added = Single(Classifier(extraModels: [extra]));
        Assert.Equal((ChangeSeverity.Additive, "model-added"), (added.Severity, added.Kind));
        var removed = Assert.Single(ContractComparer.Compare(Classifier(extraModels: [extra]), Baseline));
        Assert.Equal((ChangeSeverity.Breaking, "model-removed"), (removed.Severity, removed.Kind));
    }
}
