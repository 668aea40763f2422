namespace ModelSdk;

/// <summary>Builds a directory beside its final place and swaps it in, so readers never see half of one.</summary>
public static class AtomicDirectory
{
    /// <summary>Fills a temporary sibling of <paramref name="target"/> and moves it into place; on failure the target is untouched.</summary>
    public static string Create(string target, Action<string> fill)
    {
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            Replace(temp, target);
            return target;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Moves <paramref name="source"/> to <paramref name="target"/>, replacing a directory that is there.</summary>
    public static void Replace(string source, string target)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
            Directory.Move(target, old);
        }
        Directory.Move(source, target);
        if (old is not null)
        {
            TryDelete(old);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
