using ModelSdk.Contracts.Declared;

namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// Declared features must name every position of an input's last axis: only inputs have them (MODEL0146), and the
/// input needs a last axis whose fixed size, when fixed, equals the number of features (MODEL0145).
/// </summary>
internal static class FeatureRules
{
    /// <summary>The declared features when they fit, null otherwise (the error is in the bag) or when none are declared.</summary>
    public static IReadOnlyList<string>? Check(
        DeclaredField field,
        IReadOnlyList<long>? shape,
        string what,
        string file,
        DiagnosticBag bag
    )
    {
        if (field.Features is not { } features)
            return null;
        var line = field.FeaturesLine > 0 ? field.FeaturesLine : field.Line;
        var name = Path.GetFileName(file);
        if (what != "input")
        {
            bag.Error(
                ErrorCodes.FeaturesOnOutput,
                $"{name}: {what} '{field.Name}' declares features; only inputs take JSON records by column. Remove 'features:' from it.",
                file,
                line
            );
            return null;
        }
        if (shape is { Count: 0 } || shape is [.., > 0 and var size] && size != features.Count)
        {
            var shapeText = "[" + string.Join(",", shape) + "]";
            bag.Error(
                ErrorCodes.FeaturesDoNotFitInput,
                $"{name}: input '{field.Name}' declares {features.Count} features but its shape is {shapeText}; "
                    + (
                        shape.Count == 0
                            ? "a scalar has no columns. Remove 'features:'."
                            : $"its last axis holds {shape[^1]} values. List exactly {shape[^1]} column names in that axis's order."
                    ),
                file,
                line
            );
            return null;
        }
        return features;
    }
}
