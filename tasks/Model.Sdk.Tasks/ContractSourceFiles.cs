using ModelSdk.Contracts;

namespace ModelSdk.Tasks;

/// <summary>Files a built contract depends on beyond the MSBuild items (external weight files found inside models).</summary>
internal static class ContractSourceFiles
{
    public static IEnumerable<string> Of(ContractSet contracts) =>
        contracts.Models.SelectMany(m =>
            m.ExternalData.Select(d => d.SourceFile).Concat(m.ConfigFile is { } c ? [c.SourceFile] : [])
        );
}
