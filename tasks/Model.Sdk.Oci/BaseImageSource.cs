using System.Formats.Tar;
using System.Text;

namespace ModelSdk.Oci;

/// <summary>
/// Turns a local ContainerBaseImage value into an OCI layout directory: a layout directory is used in place, an
/// OCI archive is unpacked once into a cache keyed on its path, size and last write time.
/// </summary>
public static class BaseImageSource
{
    /// <summary>True when the value names something on disk rather than a registry reference.</summary>
    public static bool IsLocalPath(string value) =>
        Directory.Exists(value)
        || File.Exists(value)
        || value.StartsWith('/')
        || value.StartsWith('.')
        || value.StartsWith('~')
        || value.Contains('\\')
        || (value.Length > 1 && value[1] == ':');

    public static string ToLayoutDirectory(string value, string cacheDirectory)
    {
        if (Directory.Exists(value))
        {
            if (!OciLayout.IsLayout(value))
            {
                throw new ModelSdkException(
                    ErrorCodes.BaseImageInvalid,
                    $"'{value}' is a directory but not an OCI image layout (it needs oci-layout and index.json). Point ContainerBaseImage at an OCI layout, an OCI archive or a registry reference.",
                    value
                );
            }
            return Path.GetFullPath(value);
        }
        if (File.Exists(value))
        {
            return Unpack(Path.GetFullPath(value), cacheDirectory);
        }
        throw new ModelSdkException(
            ErrorCodes.BaseImageNotFound,
            $"The base image '{value}' was not found. Set ContainerBaseImage to an existing OCI layout directory, OCI archive, or a registry reference such as 'localhost:5000/base:1'.",
            value
        );
    }

    private static string Unpack(string archive, string cacheDirectory)
    {
        var info = new FileInfo(archive);
        var key = Digest.Of(Encoding.UTF8.GetBytes($"{archive}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}"));
        var target = Path.Combine(Path.GetFullPath(cacheDirectory), "bases", Digest.Hex(key)[..32]);
        if (OciLayout.IsLayout(target))
        {
            return target;
        }
        var temp = target + $".{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(temp);
            using (var stream = File.OpenRead(archive))
            {
                ExtractTar(stream, temp, archive);
            }
            if (!OciLayout.IsLayout(temp))
            {
                throw new ModelSdkException(
                    ErrorCodes.BaseImageInvalid,
                    $"'{archive}' is not an OCI archive (no oci-layout and index.json inside). Create one with 'skopeo copy IMAGE oci-archive:FILE' or point ContainerBaseImage at an OCI layout directory.",
                    archive
                );
            }
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(temp, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static void ExtractTar(Stream stream, string destination, string archive)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        try
        {
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                var path = Path.GetFullPath(Path.Combine(root, entry.Name.TrimStart('/')));
                if (!path.StartsWith(root, StringComparison.Ordinal))
                {
                    continue;
                }
                if (entry.EntryType is TarEntryType.Directory)
                {
                    Directory.CreateDirectory(path);
                }
                else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using var output = File.Create(path);
                    data.CopyTo(output, 1 << 20);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ModelSdkException(
                ErrorCodes.BaseImageInvalid,
                $"'{archive}' is not a readable tar archive ({e.Message}). Point ContainerBaseImage at an OCI archive or OCI layout directory.",
                archive,
                inner: e
            );
        }
    }
}
