namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// The same file in two Model items, almost always the default *.onnx item plus an explicit Include of the same
/// file. Reported like the .NET SDK's NETSDK1022 (duplicate Compile items), with the fixes that fit default items.
/// </summary>
internal static class DuplicateItems
{
    /// <summary>False, with MODEL0023, when the item's file was already included by an earlier item.</summary>
    public static bool FirstInclude(
        ModelItemSpec item,
        ProjectSpec spec,
        Dictionary<string, string> includedAs,
        DiagnosticBag bag
    )
    {
        var full = ProjectFiles.FullPath(item.File, spec);
        if (!includedAs.TryGetValue(full, out var first))
        {
            includedAs[full] = item.File;
            return true;
        }
        var relative = Path.GetRelativePath(spec.ProjectDirectory, full).Replace('\\', '/');
        bag.Error(
            ErrorCodes.DuplicateModelItem,
            $"Duplicate 'Model' items were included: '{relative}' is included twice ('{first}' and '{item.File}'). "
                + "Model.Sdk includes every *.onnx file beside the project file by default (EnableDefaultModelItems). "
                + $"Remove the <Model Include=\"{item.File.Trim()}\" /> from the project, or change Include to Update to set metadata "
                + $"on the default item (<Model Update=\"{relative}\" Labels=\"...\" />), or set EnableDefaultModelItems to false to list every model yourself.",
            spec.ProjectFile
        );
        return false;
    }
}
