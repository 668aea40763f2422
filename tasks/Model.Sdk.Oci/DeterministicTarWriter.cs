using System.Text;

namespace ModelSdk.Oci;

/// <summary>
/// Writes POSIX (ustar + PAX) tar streams whose bytes depend only on the entries: uid/gid 0 with empty names,
/// a fixed mtime, fixed modes, no atime/ctime, and PAX header names that never contain a process id.
/// PAX records carry paths longer than 100 bytes (or non-ASCII) and sizes of 8 GiB and more.
/// </summary>
public sealed class DeterministicTarWriter(Stream output, long modificationTime)
{
    private const int Block = 512;
    private const long MaxOctalSize = (1L << 33) - 1; // the largest 11-digit octal number: 8 GiB - 1
    private readonly byte[] _header = new byte[Block];

    public long BytesWritten { get; private set; }

    public void AddDirectory(
        string path,
        int mode = 0x1ED /* 0755 */
    ) => WriteHeader(path.EndsWith('/') ? path : path + "/", (byte)'5', 0, mode);

    public void AddSymlink(string path, string target) => WriteHeader(path, (byte)'2', 0, 0x1FF, target);

    /// <summary>Writes a regular file entry of exactly <paramref name="size"/> bytes copied from <paramref name="content"/>.</summary>
    public void AddFile(string path, long size, int mode, Action<Stream> writeContent)
    {
        WriteHeader(path, (byte)'0', size, mode);
        var counting = new CountingStream(output);
        writeContent(counting);
        if (counting.Count != size)
        {
            throw new InvalidOperationException($"tar entry '{path}' promised {size} bytes but got {counting.Count}.");
        }
        BytesWritten += size;
        Pad(size);
    }

    public void AddFile(
        string path,
        ReadOnlySpan<byte> content,
        int mode = 0x1A4 /* 0644 */
    )
    {
        WriteHeader(path, (byte)'0', content.Length, mode);
        output.Write(content);
        BytesWritten += content.Length;
        Pad(content.Length);
    }

    /// <summary>Writes the two zero blocks that end an archive.</summary>
    public void Finish()
    {
        Array.Clear(_header);
        output.Write(_header);
        output.Write(_header);
        BytesWritten += 2 * Block;
    }

    private void WriteHeader(string path, byte type, long size, int mode, string? linkTarget = null)
    {
        var nameBytes = Encoding.UTF8.GetBytes(path);
        var needsPath = nameBytes.Length > 100 || !IsAscii(nameBytes);
        var needsSize = size > MaxOctalSize;
        var linkBytes = linkTarget is null ? [] : Encoding.UTF8.GetBytes(linkTarget);
        var needsLink = linkBytes.Length > 100 || !IsAscii(linkBytes);
        if (needsPath || needsSize || needsLink)
        {
            var records = new StringBuilder();
            if (needsPath)
            {
                records.Append(PaxRecord("path", path));
            }
            if (needsLink)
            {
                records.Append(PaxRecord("linkpath", linkTarget!));
            }
            if (needsSize)
            {
                records.Append(PaxRecord("size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            var pax = Encoding.UTF8.GetBytes(records.ToString());
            var paxName = "PaxHeaders/" + AsciiTail(Path.GetFileName(path.TrimEnd('/')), 80);
            FillHeader(Encoding.ASCII.GetBytes(paxName), (byte)'x', pax.Length, 0x1A4);
            output.Write(_header);
            output.Write(pax);
            BytesWritten += Block + pax.Length;
            Pad(pax.Length);
        }
        var shortName = needsPath ? Encoding.ASCII.GetBytes(AsciiTail(path, 100)) : nameBytes;
        FillHeader(shortName, type, needsSize ? 0 : size, mode);
        var shortLink = needsLink ? Encoding.ASCII.GetBytes(AsciiTail(linkTarget!, 100)) : linkBytes;
        if (shortLink.Length > 0)
        {
            shortLink.CopyTo(_header, 157);
            Checksum(_header);
        }
        output.Write(_header);
        BytesWritten += Block;
    }

    private void FillHeader(byte[] name, byte type, long size, int mode)
    {
        var h = _header;
        Array.Clear(h);
        name.AsSpan(0, Math.Min(100, name.Length)).CopyTo(h);
        Octal(h, 100, 8, mode);
        Octal(h, 108, 8, 0);
        Octal(h, 116, 8, 0);
        Octal(h, 124, 12, size);
        Octal(h, 136, 12, modificationTime);
        h[156] = type;
        "ustar\0"u8.CopyTo(h.AsSpan(257));
        "00"u8.CopyTo(h.AsSpan(263));
        Octal(h, 329, 8, 0);
        Octal(h, 337, 8, 0);
        Checksum(h);
    }

    private static void Checksum(byte[] h)
    {
        h.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }
        Octal(h, 148, 7, sum);
        h[155] = (byte)' ';
    }

    // Writes value as zero-padded octal digits followed by a NUL, filling the field.
    private static void Octal(byte[] h, int offset, int length, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(digits, 0, length - 1, h, offset);
        h[offset + length - 1] = 0;
    }

    private static string PaxRecord(string key, string value)
    {
        // "<length> key=value\n", where length counts itself.
        var body = " " + key + "=" + value + "\n";
        var bodyLength = Encoding.UTF8.GetByteCount(body);
        var length = bodyLength + 1;
        while (length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + bodyLength != length)
        {
            length++;
        }
        return length.ToString(System.Globalization.CultureInfo.InvariantCulture) + body;
    }

    private static string AsciiTail(string text, int max)
    {
        var ascii = new string(text.Select(c => c is >= ' ' and < (char)127 ? c : '_').ToArray());
        return ascii.Length <= max ? ascii : ascii[^max..];
    }

    private static bool IsAscii(byte[] bytes) => bytes.All(b => b is >= 0x20 and < 0x7f);

    private void Pad(long size)
    {
        var remainder = (int)(size % Block);
        if (remainder != 0)
        {
            output.Write(new byte[Block - remainder]);
            BytesWritten += Block - remainder;
        }
    }

    private sealed class CountingStream(Stream inner) : WriteOnlyStream
    {
        public long Count => Written;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Written += buffer.Length;
        }

        public override void Flush() => inner.Flush();
    }
}
