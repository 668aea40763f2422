namespace ModelSdk;

/// <summary>
/// What a build's input files are, as text: one line per file with its kind, device, inode, size, mtime and ctime.
/// Up-to-date checks compare this with what the last successful build saw, never "is an input newer than the
/// outputs": a file replaced by an older one (cp -p, an npm tarball's 1985 dates) has an older mtime but a new
/// ctime (and usually a new inode). Reads no file content, so a no-op build of a 10 GiB model stays instant.
/// </summary>
public static class InputStamp
{
    /// <param name="files">Paths, absolute or relative to <paramref name="baseDirectory"/>; duplicates are merged.</param>
    public static string Describe(IEnumerable<string> files, string baseDirectory)
    {
        var lines = files
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => Path.GetFullPath(f.Trim(), Path.GetFullPath(baseDirectory)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(Line);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Rewrites <paramref name="stampFile"/> (so targets that list it as an Input run) unless the inputs are what <paramref name="builtFile"/> recorded.</summary>
    /// <returns>True when the stamp was rewritten: the outputs are out of date.</returns>
    public static bool Refresh(string stampFile, string builtFile, string current)
    {
        if (File.Exists(stampFile) && File.Exists(builtFile) && File.ReadAllText(builtFile) == current)
        {
            return false;
        }
        AtomicFile.WriteAllText(stampFile, current);
        return true;
    }

    private static string Line(string path)
    {
        try
        {
            return FileStat.Of(path) is { } stat ? stat.Describe(path) : path + "|missing";
        }
        catch (IOException e)
        {
            return $"{path}|unreadable|{e.Message}";
        }
    }
}
