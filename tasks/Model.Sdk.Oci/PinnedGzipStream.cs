using System.IO.Compression;

namespace ModelSdk.Oci;

/// <summary>
/// gzip with a fixed header (no name, mtime 0, OS "unknown") around raw deflate, so the bytes do not depend on
/// the platform that zlib was compiled for. Deflate output itself can still differ between zlib versions.
/// </summary>
internal sealed class PinnedGzipStream : Stream
{
    private static readonly byte[] Header = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];
    private readonly Stream _inner;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _finished;

    public PinnedGzipStream(Stream inner, CompressionLevel level)
    {
        _inner = inner;
        _inner.Write(Header);
        _deflate = new DeflateStream(inner, level, leaveOpen: true);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        _deflate.Write(buffer);
        _length += buffer.Length;
    }

    /// <summary>Flushes the deflate stream and writes the trailer; the inner stream stays open.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _deflate.Dispose();
        Span<byte> trailer = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.Value);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_length));
        _inner.Write(trailer);
    }

    public override void Flush() { }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish();
        }
        base.Dispose(disposing);
    }
}
