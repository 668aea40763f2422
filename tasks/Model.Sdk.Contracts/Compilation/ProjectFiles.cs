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
            return IsSafe(full, $"{what} file", project, bag) ? full : null;
        }
        bag.Error(
            ErrorCodes.ReferencedFileMissing,
            $"{what} file '{path}' does not exist (looked for {full}); fix the path or add the file.",
            project.ProjectFile
        );
        return null;
    }

    /// <summary>
    /// False, with MODEL0030 or MODEL0031, when the file leads out of the project through a link or is not a
    /// regular file (see <see cref="InputFile"/>); checked before anything opens it.
    /// </summary>
    public static bool IsSafe(string full, string what, ProjectSpec project, DiagnosticBag bag)
    {
        try
        {
            InputFile.Check(full, project.ProjectDirectory, what, project.ProjectFile);
            return true;
        }
        catch (ModelSdkException e)
        {
            bag.Add(e);
            return false;
        }
    }
}
