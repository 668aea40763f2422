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

    /// <summary>
    /// Deletes the temporary and replaced siblings of <paramref name="target"/> that a killed build left
    /// (".name.&lt;guid&gt;.tmp", ".name.&lt;guid&gt;.old", "name.&lt;guid&gt;.tmp"). Call it while holding the build lock.
    /// </summary>
    public static void SweepSiblings(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }
        var name = System.Text.RegularExpressions.Regex.Escape(Path.GetFileName(full));
        var leftover = new System.Text.RegularExpressions.Regex($@"^\.?{name}\.[0-9a-f]{{32}}\.(tmp|old)$");
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            if (leftover.IsMatch(Path.GetFileName(dir)))
            {
                TryDelete(dir);
            }
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
