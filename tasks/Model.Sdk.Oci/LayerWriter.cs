using System.IO.Compression;

namespace ModelSdk.Oci;

/// <summary>
/// Streams a layer into a blob directory in one pass per file: each byte goes through the tar writer, the diff_id
/// hash, the optional gzip stream and the blob hash at once; nothing is buffered whole.
/// </summary>
public static class LayerWriter
{
    private const int BufferSize = 1 << 20;

    /// <summary>Writes the layer to <paramref name="blobDirectory"/>/&lt;hex&gt; and returns its descriptor.</summary>
    public static LayerDescriptor Write(
        LayerSpec spec,
        LayerCompression compression,
        long modificationTime,
        string blobDirectory
    )
    {
        Directory.CreateDirectory(blobDirectory);
        var temp = Path.Combine(blobDirectory, $".layer.{Guid.NewGuid():N}.tmp");
        try
        {
            string diffId;
            string digest;
            long size;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                if (compression == LayerCompression.None)
                {
                    using var hashing = new HashingWriteStream(file, leaveOpen: true);
                    WriteTar(spec, modificationTime, hashing);
                    diffId = digest = hashing.FinishDigest();
                    size = hashing.BytesWritten;
                }
                else
                {
                    using var blobHash = new HashingWriteStream(file, leaveOpen: true);
                    using (var gzip = new PinnedGzipStream(blobHash, CompressionLevel.Fastest))
                    using (var tarHash = new HashingWriteStream(gzip, leaveOpen: true))
                    {
                        WriteTar(spec, modificationTime, tarHash);
                        diffId = tarHash.FinishDigest();
                    }
                    digest = blobHash.FinishDigest();
                    size = blobHash.BytesWritten;
                }
            }
            var final = Path.Combine(blobDirectory, Digest.Hex(digest));
            File.Move(temp, final, overwrite: true);
            var mediaType = compression == LayerCompression.None ? MediaTypes.OciLayer : MediaTypes.OciLayerGzip;
            return new LayerDescriptor(mediaType, digest, size, diffId);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes the layer's tar stream: explicit parent directories, entries in ordinal path order.</summary>
    public static void WriteTar(LayerSpec spec, long modificationTime, Stream output)
    {
        var tar = new DeterministicTarWriter(output, modificationTime);
        foreach (var entry in WithParents(spec.Entries))
        {
            switch (entry.Kind)
            {
                case LayerEntryKind.Directory:
                    tar.AddDirectory(entry.PathInImage, entry.Mode);
                    break;
                case LayerEntryKind.Symlink:
                    tar.AddSymlink(entry.PathInImage, entry.LinkTarget!);
                    break;
                default:
                    tar.AddFile(entry.PathInImage, entry.Size, entry.Mode, s => CopyFile(entry, s));
                    break;
            }
        }
        tar.Finish();
    }

    /// <summary>Adds every missing parent directory, drops duplicates and sorts by path (ordinal).</summary>
    public static IReadOnlyList<LayerEntry> WithParents(IEnumerable<LayerEntry> entries)
    {
        var byPath = new Dictionary<string, LayerEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byPath[entry.PathInImage] = entry;
            var slash = entry.PathInImage.LastIndexOf('/');
            while (slash > 0)
            {
                var parent = entry.PathInImage[..slash];
                byPath.TryAdd(parent, LayerEntry.Directory(parent));
                slash = parent.LastIndexOf('/');
            }
        }
        return byPath.Values.OrderBy(e => e.PathInImage, StringComparer.Ordinal).ToList();
    }

    private static void CopyFile(LayerEntry entry, Stream destination)
    {
        var path = entry.SourcePath!;
        FileStream input;
        try
        {
            input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Changed(path, "disappeared", e);
        }
        using (input)
        {
            var buffer = new byte[BufferSize];
            var remaining = entry.Size;
            while (remaining > 0)
            {
                var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw Changed(path, "shrank", null);
                }
                destination.Write(buffer, 0, read);
                remaining -= read;
            }
            if (input.Length != entry.Size)
            {
                throw Changed(path, "changed size", null);
            }
        }
    }

    private static ModelSdkException Changed(string path, string what, Exception? inner) =>
        new(
            ErrorCodes.ModelFileChangedDuringImageBuild,
            $"'{path}' {what} while the image was being built. Make sure nothing else writes the model folder during the build, then build again.",
            path,
            inner: inner
        );

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
