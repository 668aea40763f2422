namespace ModelSdk.Contracts.Writers;

/// <summary>
/// Puts a model file (or external weights) into the model folder once: a hard link to the project's file where the
/// file system allows, else a copy. What is already there is kept only when it is provably the same file: the same
/// inode (a link), or a copy made after the source last changed (its ctime is older than the copy's) with the
/// source's size and mtime. Size and mtime alone are not enough: a file replaced by an older one keeps both.
/// </summary>
internal static class ModelFilePlacement
{
    /// <returns>True when the destination was (re)written.</returns>
    public static bool Place(string source, string destination)
    {
        var real = InputFile.RealPath(Path.GetFullPath(source));
        var from = FileStat.Of(real) ?? throw new FileNotFoundException($"'{source}' does not exist any more.", source);
        if (FileStat.Of(destination, followLinks: false) is { Kind: FileKind.Regular } to && IsCurrent(from, to))
        {
            return false;
        }
        AtomicFile.LinkOrCopy(real, destination);
        return true;
    }

    private static bool IsCurrent(FileStat source, FileStat copy)
    {
        if (source.Inode == 0)
        {
            // No inode or ctime on this system: the best available is size and mtime (AtomicFile.Copy keeps the mtime).
            return copy.Size == source.Size && copy.ModifiedNanoseconds == source.ModifiedNanoseconds;
        }
        if (copy.Device == source.Device && copy.Inode == source.Inode)
        {
            return true;
        }
        return copy.Size == source.Size
            && copy.ModifiedNanoseconds == source.ModifiedNanoseconds
            && copy.ChangedNanoseconds > source.ChangedNanoseconds;
    }
}
