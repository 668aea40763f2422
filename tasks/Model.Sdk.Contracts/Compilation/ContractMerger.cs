using ModelSdk.Contracts.Declared;

namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// Merges a declared contract into what a model file says: declared fields may describe a subset, add profile and
/// description, rename (from:) or narrow a dynamic dim. Disagreements are MODEL0012 and show both sides.
/// </summary>
internal static class ContractMerger
{
    public static List<TensorField> Merge(
        List<TensorField> extracted,
        IReadOnlyList<DeclaredField>? declared,
        string what,
        string file,
        string modelFileName,
        DiagnosticBag bag
    )
    {
        if (declared is null)
        {
            return extracted;
        }
        var result = new List<TensorField>(extracted);
        var claimed = new Dictionary<string, DeclaredField>(StringComparer.Ordinal);
        foreach (var field in declared)
        {
            var index = extracted.FindIndex(e => e.Name == field.SourceName);
            if (index < 0)
            {
                bag.Error(
                    ErrorCodes.ContractConflict,
                    $"{what} '{field.SourceName}': declared {Describe(field.Datatype, field.Shape)} but {modelFileName} has no {what} '{field.SourceName}' (it has: {string.Join(", ", extracted.Select(e => e.Name))}).",
                    file,
                    field.Line
                );
                continue;
            }
            if (claimed.TryGetValue(field.SourceName, out var other))
            {
                bag.Error(
                    ErrorCodes.InvalidContract,
                    $"{Path.GetFileName(file)}: {what} '{field.SourceName}' of {modelFileName} is declared twice (also at line {other.Line}); keep one.",
                    file,
                    field.Line
                );
                continue;
            }
            claimed[field.SourceName] = field;
            if (MergeOne(extracted[index], field, what, file, modelFileName, bag) is { } merged)
            {
                result[index] = merged;
            }
        }
        foreach (var group in result.GroupBy(f => f.Name).Where(g => g.Count() > 1))
        {
            var field = declared.FirstOrDefault(d => d.Name == group.Key);
            bag.Error(
                ErrorCodes.InvalidContract,
                $"{Path.GetFileName(file)}: two {what}s would both be named '{group.Key}'; rename one.",
                file,
                field?.Line ?? 0
            );
        }
        return result;
    }

    /// <summary>For frameworks without extraction: the declared fields are the contract; type and shape are required.</summary>
    public static List<TensorField> FromDeclared(
        IReadOnlyList<DeclaredField>? declared,
        string what,
        string file,
        DiagnosticBag bag
    )
    {
        var result = new List<TensorField>();
        foreach (var field in declared ?? [])
        {
            string? missing =
                field.From is not null ? "'from:' (it only renames ONNX values)"
                : field.Datatype is null ? "no 'type:'"
                : field.Shape is null ? "no 'shape:'"
                : null;
            if (missing is not null)
            {
                bag.Error(
                    ErrorCodes.InvalidContract,
                    $"{Path.GetFileName(file)}: {what} '{field.Name}' has {missing}; models that are not ONNX need a type and shape for every field.",
                    file,
                    field.Line
                );
                continue;
            }
            result.Add(
                new TensorField
                {
                    Name = field.Name,
                    Datatype = field.Datatype!,
                    Shape = field.Shape,
                    DimNames = field.Shape!.Select(_ => (string?)null).ToList(),
                    Profile = field.Profile ?? DataProfile.None,
                    Description = field.Description ?? "",
                    Features = FeatureRules.Check(field, field.Shape, what, file, bag),
                }
            );
        }
        return result;
    }

    private static TensorField? MergeOne(
        TensorField actual,
        DeclaredField declared,
        string what,
        string file,
        string modelFileName,
        DiagnosticBag bag
    )
    {
        var typeConflict = declared.Datatype is not null && declared.Datatype != actual.Datatype;
        var shape = actual.Shape;
        var shapeConflict = false;
        if (declared.Shape is not null && actual.Shape is not null)
        {
            shapeConflict = declared.Shape.Count != actual.Shape.Count;
            if (!shapeConflict)
            {
                var narrowed = new List<long>(actual.Shape);
                for (var i = 0; i < narrowed.Count; i++)
                {
                    var (d, a) = (declared.Shape[i], actual.Shape[i]);
                    if (d >= 0 && a >= 0 && d != a)
                    {
                        shapeConflict = true;
                    }
                    else if (d >= 0)
                    {
                        narrowed[i] = d;
                    }
                }
                shape = narrowed;
            }
        }
        else if (declared.Shape is not null)
        {
            shape = declared.Shape;
        }
        if (typeConflict || shapeConflict)
        {
            bag.Error(
                ErrorCodes.ContractConflict,
                $"{what} '{declared.Name}': declared {Describe(declared.Datatype ?? actual.Datatype, declared.Shape ?? actual.Shape)} but {modelFileName} says {Describe(actual.Datatype, actual.Shape)}.",
                file,
                typeConflict && declared.TypeLine > 0 ? declared.TypeLine
                    : shapeConflict && declared.ShapeLine > 0 ? declared.ShapeLine
                    : declared.Line
            );
            return null;
        }
        return actual with
        {
            Name = declared.Name,
            Shape = shape,
            DimNames = shape?.Select((size, i) => size >= 0 ? null : actual.DimNames?.ElementAtOrDefault(i)).ToList(),
            Profile = declared.Profile ?? actual.Profile,
            Description = declared.Description ?? actual.Description,
            Features = FeatureRules.Check(declared, shape, what, file, bag),
        };
    }

    public static string Describe(string? datatype, IReadOnlyList<long>? shape) =>
        $"{datatype ?? "(any type)"} {(shape is null ? "(any shape)" : "[" + string.Join(",", shape) + "]")}";
}
