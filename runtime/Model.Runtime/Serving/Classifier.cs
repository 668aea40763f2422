using System.Globalization;
using System.Text;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelSdk.Onnx;

namespace ModelRuntime.Serving;

/// <summary>Triton-style classification: the top-k entries of the last axis as "score:index:label" strings.</summary>
public static class Classifier
{
    public static Tensor TopK(Tensor scores, int k, IReadOnlyList<string> labels)
    {
        if (scores.ElementType == OnnxElementType.String || scores.Shape.Length == 0)
        {
            throw InferenceException.BadRequest("classification needs a numeric output with at least one axis");
        }
        var classes = (int)scores.Shape[^1];
        k = Math.Min(k, classes);
        var rows = classes == 0 ? 0 : (int)(scores.ElementCount / classes);
        var result = new byte[rows * k][];
        var order = new int[classes];
        var values = new double[classes];
        for (var row = 0; row < rows; row++)
        {
            for (var c = 0; c < classes; c++)
            {
                values[c] = TensorValues.ToDouble(scores, (long)row * classes + c);
                order[c] = c;
            }
            // Stable: equal scores keep index order.
            var ranked = order.OrderByDescending(c => values[c]).ThenBy(c => c).Take(k).ToArray();
            for (var i = 0; i < k; i++)
            {
                var c = ranked[i];
                var score = TensorValues.FormatScore(scores, (long)row * classes + c);
                var text = c < labels.Count ? $"{score}:{c}:{labels[c]}" : $"{score}:{c}";
                result[row * k + i] = Encoding.UTF8.GetBytes(text);
            }
        }
        long[] shape = [.. scores.Shape[..^1], k];
        return Tensor.FromStrings(shape, result);
    }
}
