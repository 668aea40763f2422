namespace ModelSdk.Contracts.Compilation;

/// <summary>Compares a classification model's labels with its class dimension (last dim of the first output).</summary>
internal static class LabelChecks
{
    public static void Check(
        ServedModel model,
        string itemFile,
        string projectFile,
        string? labelsFile,
        DiagnosticBag bag
    )
    {
        if (model.Purpose != ModelPurpose.Classification)
        {
            return;
        }
        if (model.Labels is null)
        {
            bag.Warning(
                ErrorCodes.NoLabelsForClassification,
                $"Classification model '{model.Name}' has no labels, so predictions are bare class indexes; add Labels=\"labels.txt\" to its <Model> item. If it is not a classifier, give it its own purpose with Purpose metadata, e.g. <Model Update=\"{itemFile.Trim()}\" Purpose=\"Custom\" />: ModelPurpose applies to every model without one.",
                projectFile
            );
            return;
        }
        var output = model.Outputs.FirstOrDefault();
        var classes = output?.Shape is { Count: > 0 } shape ? shape[^1] : -1;
        if (output is null || classes < 0)
        {
            var where = output is null ? "it has no outputs" : $"the last dim of output '{output.Name}' is not fixed";
            bag.Warning(
                ErrorCodes.LabelsWithoutClassDimension,
                $"Labels of classification model '{model.Name}' cannot be checked: {where}. Narrow it in a declared contract if the class count is known.",
                labelsFile ?? projectFile
            );
            return;
        }
        var dim = output.Shape!.Count - 1;
        if (model.Labels.Count > classes)
        {
            bag.Error(
                ErrorCodes.TooManyLabels,
                $"{Path.GetFileName(labelsFile)} has {model.Labels.Count} labels but output '{output.Name}' of model '{model.Name}' has {classes} classes (dim {dim}); remove the extra labels or use the matching labels file.",
                labelsFile ?? projectFile
            );
        }
        else if (model.Labels.Count < classes)
        {
            bag.Warning(
                ErrorCodes.FewerLabelsThanClasses,
                $"{Path.GetFileName(labelsFile)} has {model.Labels.Count} labels but output '{output.Name}' of model '{model.Name}' has {classes} classes (dim {dim}); classes without a label are reported by index (fine for background or blank classes).",
                labelsFile ?? projectFile
            );
        }
    }
}
