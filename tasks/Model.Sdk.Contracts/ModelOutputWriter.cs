namespace ModelSdk.Contracts;

/// <summary>
/// Writes the model folder ($(OutputPath)model/): contract.json, contract.protobin, serving.yaml, README.md,
/// labels and model files. Every file is written atomically; returns the files written, relative to the folder.
/// </summary>
public static class ModelOutputWriter
{
    public static IReadOnlyList<string> Write(ContractSet contracts, string outputDirectory) =>
        throw new NotImplementedException();
}
