using System.Runtime.InteropServices;

namespace ModelSdk;

/// <summary>What kind of file system entry a path names.</summary>
public enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}

/// <summary>
/// stat(2) of a path: the file's kind and identity (device, inode, size, mtime, ctime), read without opening it, so
/// a FIFO is never opened and a file replaced by an older one is still told apart. Linux reads it from libc; other
/// systems fall back to what System.IO reports (kind Regular/Directory/SymbolicLink, no inode or ctime).
/// </summary>
public readonly record struct FileStat(
    FileKind Kind,
    long Device,
    long Inode,
    long Size,
    long ModifiedNanoseconds,
    long ChangedNanoseconds
)
{
    /// <summary>The entry <paramref name="path"/> names (a link itself unless <paramref name="followLinks"/>), or null when there is none.</summary>
    public static FileStat? Of(string path, bool followLinks = true) =>
        !LinuxStat.IsSupported ? Managed(path, followLinks)
        : LinuxStat.TryRead(path, followLinks, out var stat) ? stat
        : null;

    /// <summary>"path|kind|dev|ino|size|mtime|ctime": one line of an inputs stamp.</summary>
    public string Describe(string path) =>
        FormattableString.Invariant(
            $"{path}|{Kind}|{Device}|{Inode}|{Size}|{ModifiedNanoseconds}|{ChangedNanoseconds}"
        );

    /// <summary>Plain words for a kind in messages: "a FIFO (named pipe)", "a character device".</summary>
    public static string Words(FileKind kind) =>
        kind switch
        {
            FileKind.Regular => "a regular file",
            FileKind.Directory => "a folder",
            FileKind.SymbolicLink => "a symbolic link",
            FileKind.Fifo => "a FIFO (named pipe)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            _ => "a special file",
        };

    private static FileStat? Managed(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return null;
        }
        if (followLinks && info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            if (!info.Exists)
            {
                return null;
            }
        }
        var kind =
            info.LinkTarget is not null ? FileKind.SymbolicLink
            : info is DirectoryInfo ? FileKind.Directory
            : FileKind.Regular;
        var ticks = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new FileStat(kind, 0, 0, info is FileInfo f ? f.Length : 0, ticks, ticks);
    }
}

/// <summary>stat/lstat from glibc or musl on Linux x64 and arm64 (the two layouts of struct stat that differ only in st_mode).</summary>
internal static class LinuxStat
{
    private static readonly int ModeOffset = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => -1,
    };

    public static bool IsSupported => OperatingSystem.IsLinux() && ModeOffset >= 0;

    public static bool TryRead(string path, bool followLinks, out FileStat stat)
    {
        stat = default;
        var buffer = new byte[256];
        if (Call(path, followLinks, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20) // ENOENT, ENOTDIR: nothing there
            {
                return false;
            }
            throw new IOException($"Cannot read the status of '{path}' ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }
        var mode = BitConverter.ToUInt32(buffer, ModeOffset);
        stat = new FileStat(
            KindOf(mode),
            BitConverter.ToInt64(buffer, 0),
            BitConverter.ToInt64(buffer, 8),
            BitConverter.ToInt64(buffer, 48),
            Nanoseconds(buffer, 88),
            Nanoseconds(buffer, 104)
        );
        return true;
    }

    private static long Nanoseconds(byte[] buffer, int offset) =>
        BitConverter.ToInt64(buffer, offset) * 1_000_000_000 + BitConverter.ToInt64(buffer, offset + 8);

    private static FileKind KindOf(uint mode) =>
        (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };

    private static int Call(string path, bool followLinks, byte[] buffer)
    {
        try
        {
            return followLinks ? stat(path, buffer) : lstat(path, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.33 exports only the versioned __xstat family (_STAT_VER: 1 on x64, 0 on arm64).
            var version = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0;
            return followLinks ? __xstat(version, path, buffer) : __lxstat(version, path, buffer);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int stat(string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int lstat(string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int __xstat(int version, string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int __lxstat(int version, string path, byte[] buffer);
}
