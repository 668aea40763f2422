namespace ModelSdk;

/// <summary>
/// Checks a file the build will read and ship, before anything opens it: a path inside the project folder must not
/// lead out of it through a symbolic link (MODEL0030), and the file must be a regular file (MODEL0031), so a FIFO
/// never hangs the build and a device is never read. Paths the user wrote outside the project are theirs to vouch for.
/// </summary>
public static class InputFile
{
    /// <param name="path">The file as the project names it.</param>
    /// <param name="boundary">The folder it must stay in when it is written inside it (the project's, or a model's).</param>
    /// <param name="what">What the file is, for messages: "Labels file", "Model file".</param>
    /// <param name="reportFile">The file errors point at (the project file); the input itself when null.</param>
    public static void Check(string path, string boundary, string what, string? reportFile = null)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetFullPath(boundary);
        if (StatOrNull(full) is not { } stat)
        {
            return; // missing, a dangling link or unreadable: the caller reports it when it opens the file
        }
        if (IsInside(full, folder) && !IsInside(RealPath(full), RealPath(folder)))
        {
            var (link, target) = FirstLink(full, folder);
            throw new ModelSdkException(
                ErrorCodes.InputOutsideProject,
                $"{what} '{full}' leads out of '{folder}': '{link}' is a symbolic link to '{target}'. The build ships its inputs in the model folder, image and package, so it does not follow links out of the project. Copy the file into the project, or name its real path ('{RealPath(full)}') explicitly.",
                reportFile ?? full
            );
        }
        if (stat.Kind is not (FileKind.Regular or FileKind.Directory))
        {
            throw new ModelSdkException(
                ErrorCodes.InputNotRegularFile,
                $"{what} '{full}' is {FileStat.Words(stat.Kind)}, not a regular file, so the build cannot read it as a model input. Replace it with the file itself (a FIFO or device is never read).",
                reportFile ?? full
            );
        }
    }

    private static FileStat? StatOrNull(string path)
    {
        try
        {
            return FileStat.Of(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }

    /// <summary>The path with every symbolic link along it resolved (realpath(3)), for a path that exists.</summary>
    public static string RealPath(string fullPath, int depth = 0)
    {
        if (depth > 40)
        {
            throw new IOException($"Too many levels of symbolic links resolving '{fullPath}'.");
        }
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(target, Path.GetDirectoryName(next)!);
                next = RealPath(resolved, depth + 1);
            }
            current = next;
        }
        return current;
    }

    /// <summary>The first symbolic link below <paramref name="folder"/> on the way to <paramref name="full"/>, and where it points.</summary>
    private static (string Link, string Target) FirstLink(string full, string folder)
    {
        var current = folder;
        foreach (
            var part in Path.GetRelativePath(folder, full).Split(Separators, StringSplitOptions.RemoveEmptyEntries)
        )
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is not null)
            {
                return (current, RealPath(current));
            }
        }
        return (folder, RealPath(folder)); // the folder itself moved under us
    }

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];
}
