namespace ModelSdk.Oci;

/// <summary>Base for forward-only streams that pass bytes on and count them; only Write and Flush are left to do.</summary>
public abstract class WriteOnlyStream : Stream
{
    /// <summary>Bytes written so far; subclasses add to it as they write.</summary>
    protected long Written { get; set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
