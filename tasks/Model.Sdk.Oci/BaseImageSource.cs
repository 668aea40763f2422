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

    /// <summary>A local layout, a local OCI archive, or a registry reference pulled into the cache.</summary>
    public static string Resolve(
        string value,
        string cacheDirectory,
        Platform platform,
        ModelSdk.Registry.RegistryOptions? options = null
    ) =>
        IsLocalPath(value)
            ? ToLayoutDirectory(value, cacheDirectory)
            : RegistryBaseImage.PullToLayout(value, cacheDirectory, platform, options);

    /// <summary>
    /// The base's name for annotations: a registry reference as written, a local base's ref.name; never a path on
    /// this machine, which would make the digest depend on where the build ran.
    /// </summary>
    public static string? DisplayName(string? value, string? layoutDirectory)
    {
        if (string.IsNullOrWhiteSpace(value) || layoutDirectory is null)
        {
            return null;
        }
        if (!IsLocalPath(value))
        {
            return value.Trim();
        }
        var refName = new OciLayout(layoutDirectory).ReadIndex()["manifests"]?[0]?["annotations"]?[Annotations.RefName];
        return (string?)refName;
    }

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
        return AtomicDirectory.Create(
            target,
            temp =>
            {
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
            }
        );
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
                else if (
                    entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && entry.DataStream is { } data
                )
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using var output = File.Create(path);
                    data.CopyTo(output, 1 << 20);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
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
