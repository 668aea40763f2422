namespace ModelSdk.Contracts.Writers;

/// <summary>
/// Where each file goes in the model folder (paths relative to it, '/'-separated). One model: everything at the top;
/// several: shared contract.json/serving.yaml/README.md at the top and one sub-folder per model.
/// </summary>
public sealed class OutputLayout(ContractSet contracts)
{
    public const string ContractJson = "contract.json";
    public const string ServingYaml = "serving.yaml";
    public const string ModelCard = "README.md";
    public const string ColorsFile = "colors.txt";

    public string ModelFolder(ServedModel model) => contracts.IsSingleModel ? "" : model.Name + "/";

    public string Protobin(ServedModel model) => ModelFolder(model) + "contract.protobin";

    public string? Labels(ServedModel model) => model.Labels is null ? null : ModelFolder(model) + "labels.txt";

    public string ModelFile(ServedModel model) => ModelFolder(model) + "files/" + model.FileName;

    public string ExternalData(ServedModel model, ExternalDataFile data) =>
        ModelFolder(model) + "files/" + data.RelativePath;

    public string? ConfigFile(ServedModel model) =>
        model.ConfigFile is null ? null : ModelFolder(model) + "files/" + model.ConfigFile.RelativePath;

    public string? Colors => contracts.Preprocessing.ColorsFile is null ? null : ColorsFile;

    /// <summary>Every file a model brings: its model file, external weights, then labels.</summary>
    public IEnumerable<string> Payload(ServedModel model)
    {
        yield return ModelFile(model);
        foreach (var data in model.ExternalData)
        {
            yield return ExternalData(model, data);
        }
        if (ConfigFile(model) is { } config)
        {
            yield return config;
        }
        if (Labels(model) is { } labels)
        {
            yield return labels;
        }
    }
}
