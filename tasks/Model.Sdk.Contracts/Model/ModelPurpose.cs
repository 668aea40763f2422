namespace ModelSdk.Contracts;

public enum ModelPurpose
{
    Classification,
    ObjectDetection,
    PoseEstimation,
    SemanticSegmentation,

    /// <summary>The output is an image (matting, blurring, style transfer): served as a PNG.</summary>
    ImageToImage,
    Custom,
}

public static class ModelPurposes
{
    public static IEnumerable<string> Names => Enum.GetNames<ModelPurpose>();

    public static bool TryParse(string text, out ModelPurpose purpose) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out purpose)
        && Enum.IsDefined(purpose)
        && !text.Trim().All(char.IsDigit);
}
