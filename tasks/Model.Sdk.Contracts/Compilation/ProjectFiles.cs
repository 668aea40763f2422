namespace ModelSdk.Contracts.Compilation;

/// <summary>Resolves files a project refers to, relative to the project folder.</summary>
internal static class ProjectFiles
{
    public static string FullPath(string path, ProjectSpec project) =>
        Path.GetFullPath(Path.Combine(project.ProjectDirectory, path.Trim()));

    /// <summary>The full path of a referenced (labels, contract, colors) file, or null with MODEL0015 when it is missing.</summary>
    public static string? Resolve(string? path, string what, ProjectSpec project, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        var full = FullPath(path, project);
        if (File.Exists(full))
        {
            return full;
        }
        bag.Error(
            ErrorCodes.ReferencedFileMissing,
            $"{what} file '{path}' does not exist (looked for {full}); fix the path or add the file.",
            project.ProjectFile
        );
        return null;
    }
}
