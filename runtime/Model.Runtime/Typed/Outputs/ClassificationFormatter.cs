using System.Text.Json.Nodes;

namespace ModelRuntime.Typed.Outputs;

/// <summary>Top-k classes of the first numeric output: <c>[{"label","index","score"}, ...]</c>, best first.</summary>
public static class ClassificationFormatter
{
    public static JsonArray Format(InstanceTensor scores, OutputProfile profile)
    {
        var values = profile.Softmax ? Softmax(scores.Values) : scores.Values;
        var result = new JsonArray();
        foreach (var index in TopK(values, profile.TopK))
        {
            result.Add(
                (JsonNode)
                    new JsonObject
                    {
                        ["label"] = Label(profile.Labels, index),
                        ["index"] = index,
                        ["score"] = (float)values[index],
                    }
            );
        }
        return result;
    }

    /// <summary>Softmax over all values, computed stably (the maximum subtracted first).</summary>
    public static double[] Softmax(IReadOnlyList<double> logits)
    {
        if (logits.Count == 0)
            return [];
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    /// <summary>The indexes of the <paramref name="k"/> largest values; equal values keep index order.</summary>
    public static int[] TopK(IReadOnlyList<double> values, int k) =>
        Enumerable
            .Range(0, values.Count)
            .OrderByDescending(i => double.IsNaN(values[i]) ? double.NegativeInfinity : values[i])
            .ThenBy(i => i)
            .Take(Math.Max(0, k))
            .ToArray();

    /// <summary>The label of a class index; null when the model has no label for it.</summary>
    public static string? Label(IReadOnlyList<string> labels, int index) =>
        index >= 0 && index < labels.Count ? labels[index] : null;
}
