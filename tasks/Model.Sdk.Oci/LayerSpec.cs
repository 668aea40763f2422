namespace ModelSdk.Oci;

public enum LayerEntryKind
{
    File,
    Directory,
    Symlink,
}

/// <summary>
/// One entry of a layer. Files carry the size and last write time seen when the spec was made: the layer cache
/// keys on them, and the writer fails if the file no longer matches while it streams it.
/// </summary>
public sealed record LayerEntry(
    string PathInImage,
    LayerEntryKind Kind,
    int Mode,
    string? SourcePath = null,
    long Size = 0,
    long LastWriteTicks = 0,
    string? LinkTarget = null,
    string? Identity = null
)
{
    public const int FileMode = 0x1A4; // 0644
    public const int ExecutableMode = 0x1ED; // 0755
    public const int DirectoryMode = 0x1ED; // 0755

    /// <summary>A regular file copied from disk; executables keep 0755, everything else gets 0644.</summary>
    public static LayerEntry FromFile(string sourcePath, string pathInImage, bool? executable = null)
    {
        var info = new FileInfo(sourcePath);
        if (!info.Exists)
        {
            throw new ModelSdkException(
                ErrorCodes.ModelFileChangedDuringImageBuild,
                $"'{sourcePath}' does not exist any more. Rebuild the project so the model folder is complete.",
                sourcePath
            );
        }
        var isExecutable =
            executable ?? (!OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0);
        return new LayerEntry(
            Normalize(pathInImage),
            LayerEntryKind.File,
            isExecutable ? ExecutableMode : FileMode,
            info.FullName,
            info.Length,
            info.LastWriteTimeUtc.Ticks,
            Identity: IdentityOf(info.FullName)
        );
    }

    // Device, inode and ctime: a model file replaced by another of the same size and mtime (npm tarballs all carry
    // 1985 dates) is still a different file to the layer cache. Never part of the layer's bytes.
    private static string? IdentityOf(string path) =>
        FileStat.Of(path) is { } stat
            ? FormattableString.Invariant($"{stat.Device}:{stat.Inode}:{stat.ChangedNanoseconds}")
            : null;

    public static LayerEntry Directory(string pathInImage) =>
        new(Normalize(pathInImage), LayerEntryKind.Directory, DirectoryMode);

    public static LayerEntry Symlink(string pathInImage, string target) =>
        new(Normalize(pathInImage), LayerEntryKind.Symlink, 0x1FF, LinkTarget: target);

    /// <summary>Image paths are relative ("model/files/a.onnx"), with forward slashes and no trailing slash.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/').Trim('/');
}

/// <summary>The entries of one layer and a short description for the image history.</summary>
public sealed record LayerSpec(string Description, IReadOnlyList<LayerEntry> Entries);

public enum LayerCompression
{
    None,
    Gzip,
}
