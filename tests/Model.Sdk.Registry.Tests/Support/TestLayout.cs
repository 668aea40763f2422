using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>
/// Writes small, real OCI image layouts (uncompressed tar layers, a config with matching diff_ids, a manifest,
/// index.json with a ref.name) the way dotnet build will, so tests do not depend on the image writer.
/// </summary>
public static class TestLayout
{
    public const string LayerTar = "application/vnd.oci.image.layer.v1.tar";
    public const string ConfigType = "application/vnd.oci.image.config.v1+json";

    /// <summary>Writes an image whose layers each hold one file; returns the manifest digest.</summary>
    public static string Write(
        string directory,
        IReadOnlyList<(string Name, byte[] Content)> files,
        string tag = "1.0.0",
        IDictionary<string, string>? annotations = null,
        string architecture = "amd64"
    )
    {
        var manifest = WriteImage(directory, files, annotations, architecture);
        WriteIndex(directory, manifest, tag);
        return manifest.Digest;
    }

    /// <summary>Writes an index of one image per architecture; returns the index digest and the per-architecture manifest digests.</summary>
    public static (string IndexDigest, Dictionary<string, string> Manifests) WriteMultiPlatform(
        string directory,
        IReadOnlyList<string> architectures,
        string tag = "1"
    )
    {
        var children = new List<object>();
        var digests = new Dictionary<string, string>();
        foreach (var arch in architectures)
        {
            var manifest = WriteImage(
                directory,
                [($"arch-{arch}.txt", Encoding.UTF8.GetBytes("built for " + arch))],
                null,
                arch
            );
            digests[arch] = manifest.Digest;
            children.Add(
                new
                {
                    mediaType = MediaTypes.OciManifest,
                    digest = manifest.Digest,
                    size = manifest.Size,
                    platform = new { os = "linux", architecture = arch },
                }
            );
        }
        var index = WriteBlob(
            directory,
            JsonSerializer.SerializeToUtf8Bytes(
                new
                {
                    schemaVersion = 2,
                    mediaType = MediaTypes.OciIndex,
                    manifests = children,
                }
            )
        );
        WriteIndex(directory, (index.Digest, index.Size, MediaTypes.OciIndex), tag);
        return (index.Digest, digests);
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (string Digest, long Size, string MediaType) WriteImage(
        string directory,
        IReadOnlyList<(string Name, byte[] Content)> files,
        IDictionary<string, string>? annotations,
        string architecture
    )
    {
        var layers = new List<object>();
        var diffIds = new List<string>();
        foreach (var (name, content) in files)
        {
            var tar = Tar(name, content);
            var blob = WriteBlob(directory, tar);
            layers.Add(
                new
                {
                    mediaType = LayerTar,
                    digest = blob.Digest,
                    size = blob.Size,
                }
            );
            diffIds.Add(blob.Digest);
        }
        var config = WriteBlob(
            directory,
            JsonSerializer.SerializeToUtf8Bytes(
                new
                {
                    architecture,
                    os = "linux",
                    config = new { Cmd = new[] { "/bin/true" } },
                    rootfs = new { type = "layers", diff_ids = diffIds },
                }
            )
        );
        var manifestObject = new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = new
            {
                mediaType = ConfigType,
                digest = config.Digest,
                size = config.Size,
            },
            ["layers"] = layers,
        };
        if (annotations is not null)
        {
            manifestObject["annotations"] = annotations;
        }
        var manifest = WriteBlob(directory, JsonSerializer.SerializeToUtf8Bytes(manifestObject));
        return (manifest.Digest, manifest.Size, MediaTypes.OciManifest);
    }

    private static void WriteIndex(string directory, (string Digest, long Size, string MediaType) root, string tag)
    {
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var index = new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new
                {
                    mediaType = root.MediaType,
                    digest = root.Digest,
                    size = root.Size,
                    annotations = new Dictionary<string, string> { [Annotations.RefName] = tag },
                },
            },
        };
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index));
    }

    private static (string Digest, long Size) WriteBlob(string directory, byte[] bytes)
    {
        var digest = "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        var path = Path.Combine(directory, "blobs", "sha256", digest[7..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return (digest, bytes.Length);
    }

    private static byte[] Tar(string name, byte[] content)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                ModificationTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }
        return output.ToArray();
    }
}
