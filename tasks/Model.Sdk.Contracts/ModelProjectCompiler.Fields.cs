using ModelSdk.Contracts.Compilation;
using ModelSdk.Contracts.Declared;
using ModelSdk.Onnx;

namespace ModelSdk.Contracts;

/// <summary>A model's inputs and outputs: from the ONNX file, the declared contract, or both.</summary>
public static partial class ModelProjectCompiler
{
    private sealed record ModelFields(
        List<TensorField> Inputs,
        List<TensorField> Outputs,
        OnnxModelInfo? Onnx,
        List<ExternalDataFile> ExternalData
    );

    /// <summary>Inputs and outputs: read from an ONNX file and merged with the declared contract, or declared only.</summary>
    private static ModelFields? ReadFields(
        ModelFramework framework,
        string modelFile,
        string modelName,
        DeclaredContract? declared,
        string? contractFile,
        Func<string, OnnxModelInfo> readOnnx,
        string file,
        DiagnosticBag bag
    )
    {
        if (framework == ModelFramework.Onnx)
        {
            var onnx = ReadOnnx(modelFile, readOnnx, bag);
            if (onnx is null)
            {
                return null;
            }
            var fileName = Path.GetFileName(modelFile);
            var inputs = OnnxFields.Extract(onnx.Inputs, "input", modelFile, bag);
            var outputs = OnnxFields.Extract(onnx.Outputs, "output", modelFile, bag);
            inputs = ContractMerger.Merge(inputs, declared?.Inputs, "input", contractFile!, fileName, bag);
            outputs = ContractMerger.Merge(outputs, declared?.Outputs, "output", contractFile!, fileName, bag);
            return new ModelFields(inputs, outputs, onnx, ResolveExternalData(onnx, modelFile));
        }
        if (declared is null)
        {
            bag.Error(
                ErrorCodes.ContractRequired,
                $"Model '{modelName}' is a {framework.Name()} model, whose contract cannot be read from the file; add Contract=\"contract.yaml\" to its <Model> item (see docs/contract-format.md).",
                file
            );
            return null;
        }
        return new ModelFields(
            ContractMerger.FromDeclared(declared.Inputs, "input", declared.File, bag),
            ContractMerger.FromDeclared(declared.Outputs, "output", declared.File, bag),
            null,
            []
        );
    }

    private static DeclaredContract? ReadDeclared(string? path, DiagnosticBag bag)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            return DeclaredContractReader.Read(path);
        }
        catch (ModelSdkException e)
        {
            bag.Add(e);
            return null;
        }
    }

    private static OnnxModelInfo? ReadOnnx(string path, Func<string, OnnxModelInfo> readOnnx, DiagnosticBag bag)
    {
        try
        {
            return readOnnx(path);
        }
        catch (ModelSdkException e)
        {
            bag.Add(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Error(ErrorCodes.ModelFileMissing, $"Model file {path} cannot be read: {e.Message}", path);
        }
        return null;
    }

    /// <summary>OnnxReader has already refused locations that escape the folder or do not exist.</summary>
    private static List<ExternalDataFile> ResolveExternalData(OnnxModelInfo onnx, string modelFile) =>
        onnx
            .ExternalDataFiles.Select(relative => new ExternalDataFile(
                relative.Replace('\\', '/'),
                ExternalDataValidator.Resolve(modelFile, relative)
            ))
            .ToList();
}
