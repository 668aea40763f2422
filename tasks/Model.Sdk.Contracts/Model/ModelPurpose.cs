namespace ModelSdk.Contracts;

public enum ModelPurpose
{
    Classification,
    ObjectDetection,
    PoseEstimation,
    SemanticSegmentation,
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
