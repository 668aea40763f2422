namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// Checks the project's preprocessing against each model's image input, found as the runtime finds it: the first
/// input of rank 3 or 4 with a fixed 3 on its channel axis (after the batch axis, or last).
/// </summary>
internal static class PreprocessingChecks
{
    public static void Check(ServedModel model, Preprocessing pre, string projectFile, DiagnosticBag bag)
    {
        var known = model.Inputs.Where(i => i.Shape is not null).ToArray();
        if (known.Length == 0 || known.Length != model.Inputs.Count)
            return; // A rank we cannot see is not ours to judge.
        var image = known.Select(i => (Field: i, Axes: ImageAxes(i.Shape!))).FirstOrDefault(p => p.Axes is not null);
        var shapes = string.Join(", ", known.Select(i => $"'{i.Name}' [{string.Join(",", i.Shape!)}]"));
        if (image.Axes is not { } axes)
        {
            if (
                model.Purpose
                is ModelPurpose.ObjectDetection
                    or ModelPurpose.SemanticSegmentation
                    or ModelPurpose.PoseEstimation
            )
                bag.Error(
                    ErrorCodes.ImagePurposeWithoutImageInput,
                    $"Model '{model.Name}' has purpose {model.Purpose}, which takes images, but none of its inputs can hold one (no axis of size 3 for the colour channels: {shapes}); give the model Purpose=\"Custom\" (on its <Model> item or ModelPurpose), or use an image model.",
                    projectFile
                );
            // Classification also serves tabular models (an iris classifier): image settings there are a mistake
            // worth a warning, not a refusal.
            else if (model.Purpose == ModelPurpose.Classification && HasImageSettings(pre))
                bag.Warning(
                    ErrorCodes.PreprocessingWithoutImageInput,
                    $"Model '{model.Name}' is a classifier with image preprocessing (ModelInputSize, ModelMean, ModelScaleFactor, ModelSwapRB or ModelCrop) but none of its inputs can hold an image ({shapes}); the settings are not used. Remove them, or use an image model.",
                    projectFile
                );
            else if (pre.Mean is { } mean)
                bag.Error(
                    ErrorCodes.MeanChannelsMismatch,
                    $"ModelMean has {mean.Count} values (one per colour channel) but model '{model.Name}' has no 3-channel image input ({shapes}); remove ModelMean, or use an image model.",
                    projectFile
                );
            return;
        }
        var shape = image.Field.Shape!;
        CheckSize("width", pre.InputWidth, shape[axes.Width], model, image.Field, pre, projectFile, bag);
        CheckSize("height", pre.InputHeight, shape[axes.Height], model, image.Field, pre, projectFile, bag);
    }

    private static void CheckSize(
        string what,
        int? size,
        long dim,
        ServedModel model,
        TensorField input,
        Preprocessing pre,
        string projectFile,
        DiagnosticBag bag
    )
    {
        if (size is not { } given || dim < 0 || given == dim)
            return;
        bag.Error(
            ErrorCodes.InputSizeContradictsModel,
            $"ModelInputSize is {pre.InputWidth}x{pre.InputHeight} but input '{input.Name}' of model '{model.Name}' has a fixed {what} of {dim} (shape [{string.Join(",", input.Shape!)}]); set ModelInputSize to the model's size or remove it (fixed dims are used as they are).",
            projectFile
        );
    }

    private static bool HasImageSettings(Preprocessing pre) =>
        (
            pre.InputWidth is not null
            || pre.InputHeight is not null
            || pre.Mean is not null
            || pre.ScaleFactor is not null
            || pre.SwapRB is not null
            || pre.Crop is not null
            || pre.Decode is not null
        );

    /// <summary>Height and width axes of an image-shaped input (NCHW or NHWC, batch optional); null when none.</summary>
    private static (int Height, int Width)? ImageAxes(IReadOnlyList<long> shape)
    {
        if (shape.Count is not (3 or 4))
            return null;
        var offset = shape.Count - 3;
        if (shape[offset] == 3)
            return (offset + 1, offset + 2);
        if (shape[^1] == 3)
            return (offset, offset + 1);
        return null;
    }
}
