namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// A model's structure file, which travels with it (files/, package, image) and is named in the contract: the
/// item's ConfigFile, else alwaysAI's convention, the model's stem with the framework's extension when it exists.
/// dldt (OpenVINO) models are an .xml and a .bin: whichever the item names, the other is its config file.
/// </summary>
internal static class ConfigFiles
{
    public static ExternalDataFile? Resolve(
        string? configFile,
        ModelFramework framework,
        string modelFile,
        string modelName,
        ProjectSpec spec,
        DiagnosticBag bag
    )
    {
        var full = configFile is null
            ? Default(framework, modelFile)
            : ProjectFiles.Resolve(configFile, $"ConfigFile (of model '{modelName}')", spec, bag);
        if (full is null || !ProjectFiles.IsSafe(full, "Config file", spec, bag))
        {
            return null;
        }
        return new ExternalDataFile(Path.GetFileName(full), full);
    }

    private static string? Default(ModelFramework framework, string modelFile)
    {
        var extension = framework switch
        {
            ModelFramework.Caffe => ".prototxt",
            ModelFramework.Darknet => ".cfg",
            ModelFramework.Tensorflow => ".pbtxt",
            ModelFramework.Dldt or ModelFramework.Myriad => string.Equals(
                Path.GetExtension(modelFile),
                ".xml",
                StringComparison.OrdinalIgnoreCase
            )
                ? ".bin"
                : ".xml",
            _ => null,
        };
        if (extension is null)
        {
            return null;
        }
        var candidate = Path.ChangeExtension(modelFile, extension);
        return File.Exists(candidate) ? candidate : null;
    }
}
