using ModelSdk.ContractModel;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>A file of the model folder as it is in the image (under /model/), with its SHA-256.</summary>
public sealed record ModelFile(string Path, long Size, string Sha256);

/// <summary>The model folder the image holds: every file with its hash, and contract.json (the model card fields).</summary>
public sealed record ModelFolderFacts(IReadOnlyList<ModelFile> Files, ContractDocument Contract)
{
    public const string ImageDirectory = "/model";

    /// <summary>Reads and hashes every file (ordinal path order); temporaries of a killed build are not in the image.</summary>
    public static ModelFolderFacts Read(string modelDirectory)
    {
        var root = System.IO.Path.GetFullPath(modelDirectory);
        try
        {
            var files = Directory
                .EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => (Full: f, Relative: System.IO.Path.GetRelativePath(root, f).Replace('\\', '/')))
                .Where(f => !System.IO.Path.GetFileName(f.Relative).StartsWith('.'))
                .OrderBy(f => f.Relative, StringComparer.Ordinal)
                .Select(f => new ModelFile(
                    $"{ImageDirectory}/{f.Relative}",
                    new FileInfo(f.Full).Length,
                    DebianPackages.Sha256OfFile(f.Full)
                ))
                .ToList();
            var contractPath = System.IO.Path.Combine(root, "contract.json");
            var contract = File.Exists(contractPath)
                ? ContractJson.Read(File.ReadAllBytes(contractPath))
                : new ContractDocument();
            return new ModelFolderFacts(files, contract);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ContractFormatException)
        {
            throw new ModelSdkException(
                ErrorCodes.SbomInputUnreadable,
                $"The model folder '{root}' could not be read for the SBOM ({e.Message}). Build the project again.",
                root,
                inner: e
            );
        }
    }

    public ModelFile? Find(string relativePath) =>
        Files.FirstOrDefault(f => f.Path == $"{ImageDirectory}/{relativePath.TrimStart('/')}");
}
