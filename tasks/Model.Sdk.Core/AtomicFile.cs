using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelSdk;

/// <summary>Writes files through a temporary sibling and a rename, so readers never see half a file.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Writes through <paramref name="write"/>; on any failure the target keeps its previous content.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempSiblingOf(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Copies a file atomically; the copy gets the source's last write time so caches keyed on it stay valid.</summary>
    public static void Copy(string source, string destination)
    {
        Write(
            destination,
            target =>
            {
                using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
                input.CopyTo(target, 1 << 20);
            }
        );
        File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source));
    }

    /// <summary>
    /// Places <paramref name="source"/> at <paramref name="destination"/> as a hard link when the file system allows
    /// (same volume, as the .NET SDK's CreateHardLinksForCopyLocalIfPossible), else as an atomic copy; either way
    /// through a temporary sibling and a rename. Returns true for a link.
    /// </summary>
    public static bool LinkOrCopy(string source, string destination)
    {
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (!OperatingSystem.IsWindows())
        {
            var temp = TempSiblingOf(full);
            if (link(source, temp) == 0)
            {
                try
                {
                    File.Move(temp, full, overwrite: true);
                    return true;
                }
                catch
                {
                    TryDelete(temp);
                    throw;
                }
            }
        }
        Copy(source, full);
        return false;
    }

    public static string TempSiblingOf(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Deletes what an interrupted write left in <paramref name="folder"/> (recursively): files named like
    /// <see cref="TempSiblingOf"/>'s ".name.&lt;guid&gt;.tmp", and nothing else. Call it while holding the build lock.
    /// </summary>
    public static IReadOnlyList<string> SweepTemporaries(string folder)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }
        foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories))
        {
            if (TempName.IsMatch(Path.GetFileName(file)))
            {
                File.Delete(file);
                removed.Add(file);
            }
        }
        return removed;
    }

    private static readonly Regex TempName = new(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldpath, string newpath);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
