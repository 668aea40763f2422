using System.Text.Json.Nodes;
using ModelRuntime.Typed.Outputs;
using static ModelRuntime.Tests.TypedOutputs.Outputs;

namespace ModelRuntime.Tests.TypedOutputs;

public sealed class ClassificationFormatterTests
{
    [Fact]
    public void Top_k_is_best_first_with_labels_and_ties_by_index()
    {
        var outputs = new[] { Float("p", [1, 5], 0.1f, 0.3f, 0.05f, 0.3f, 0.25f) };
        var profile = Profile("Classification", null, "a", "b", "c", "d", "e") with { TopK = 3 };

        var result = Entries(PredictionFormatter.Format(profile, outputs, 0, null));

        Assert.Equal([("b", 1, 0.3f), ("d", 3, 0.3f), ("e", 4, 0.25f)], result);
    }

    [Fact]
    public void Softmax_is_applied_when_the_contract_asks_for_it()
    {
        var outputs = new[] { Float("logits", [1, 3], 1f, 2f, 3f) };
        var profile = Profile("Classification") with { Softmax = true };

        var result = Entries(PredictionFormatter.Format(profile, outputs, 0, null));

        var sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal([2, 1, 0], result.Select(r => r.Index));
        Assert.Equal((float)(Math.Exp(3) / sum), result[0].Score);
        Assert.Equal((float)(Math.Exp(1) / sum), result[2].Score);
        Assert.All(result, r => Assert.Null(r.Label));
    }

    [Fact]
    public void Softmax_is_stable_for_large_logits()
    {
        var p = ClassificationFormatter.Softmax([1000, 1000]);
        Assert.Equal([0.5, 0.5], p);
    }

    [Fact]
    public void Each_instance_reads_its_own_row_of_the_batch()
    {
        var outputs = new[] { Float("p", [2, 3], 0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f) };
        var profile = Profile("Classification") with { TopK = 1 };

        Assert.Equal(0, Entries(PredictionFormatter.Format(profile, outputs, 0, null))[0].Index);
        Assert.Equal(2, Entries(PredictionFormatter.Format(profile, outputs, 1, null))[0].Index);
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0", 1)]
    [InlineData("not a number", 5)]
    public void Top_k_comes_from_the_top_k_parameter_default_5(string value, int expected)
    {
        var parameters = new JsonObject { ["top_k"] = value };
        var profile = OutputProfile.From(null, [], parameters, null) with { Purpose = "Classification" };
        var outputs = new[] { Float("p", [1, 7], 1, 2, 3, 4, 5, 6, 7) };

        Assert.Equal(expected, PredictionFormatter.Format(profile, outputs, 0, null).AsArray().Count);
    }

    [Fact]
    public void Integer_parameters_from_the_environment_are_numbers_too()
    {
        var profile = OutputProfile.From(
            null,
            [],
            new JsonObject
            {
                ["top_k"] = 3L,
                ["score_threshold"] = 0.25,
                ["nms_threshold"] = "0.6",
            },
            null
        );
        Assert.Equal((3, 0.25, 0.6), (profile.TopK, profile.ScoreThreshold, profile.NmsThreshold));
    }

    [Fact]
    public void FP16_and_INT_outputs_are_read_as_numbers()
    {
        var outputs = new[] { Of("p", [1, 3], (Half)0.5f, (Half)0.25f, (Half)0.75f) };
        Assert.Equal(
            [2, 0, 1],
            Entries(PredictionFormatter.Format(Profile("Classification"), outputs, 0, null)).Select(e => e.Index)
        );
        var ints = new[] { Of("p", [1, 3], 3, 9, 1) };
        Assert.Equal(1, Entries(PredictionFormatter.Format(Profile("Classification"), ints, 0, null))[0].Index);
    }

    [Fact]
    public void Custom_models_answer_every_output_by_name_as_nested_arrays()
    {
        var outputs = new[]
        {
            Float("emb", [2, 2, 2], 1, 2, 3, 4, 5, 6, 7, 8),
            Of("ids", [2], 7L, long.MaxValue),
            Of("flag", [1, 1], true),
        };

        var result = PredictionFormatter.Format(Profile("Custom"), outputs, 1, null);

        Assert.Equal("""{"emb":[[5,6],[7,8]],"ids":9223372036854775807,"flag":[true]}""", result.ToJsonString());
    }

    [Fact]
    public void A_detector_without_architecture_answers_raw_outputs()
    {
        var outputs = new[] { Float("boxes", [1, 1, 4], 0, 0, 1, 1) };
        var result = PredictionFormatter.Format(Profile("ObjectDetection"), outputs, 0, null);
        Assert.Equal("""{"boxes":[[0,0,1,1]]}""", result.ToJsonString());
        Assert.Equal(PredictionKind.Raw, PredictionFormatter.KindOf(Profile("ObjectDetection")));
    }
}
