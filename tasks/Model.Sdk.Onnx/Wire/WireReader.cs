using System.Text;

namespace ModelSdk.Onnx.Wire;

/// <summary>
/// A forward protobuf wire-format reader over a seekable stream. It keeps one small buffer and skips
/// length-delimited fields by moving the position, so fields it does not need (weights) are never read.
/// Every method takes the end offset of the enclosing message so a field can never run past its parent.
/// </summary>
internal sealed class WireReader
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferLength;
    private int _bufferPos;

    public WireReader(Stream stream)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("The ONNX wire reader needs a seekable stream.", nameof(stream));
        _stream = stream;
        Length = stream.Length;
        _bufferStart = stream.Position;
    }

    /// <summary>Total bytes in the stream: the end of the outermost message.</summary>
    public long Length { get; }

    public long Position => _bufferStart + _bufferPos;

    /// <summary>Reads the next field's tag, or returns false at <paramref name="end"/>.</summary>
    public bool TryReadTag(long end, out int field, out WireType wireType)
    {
        if (Position >= end)
        {
            field = 0;
            wireType = default;
            return false;
        }
        var at = Position;
        var tag = ReadVarint(end);
        if (tag > uint.MaxValue)
            throw Corrupt($"a field tag at byte {at} is out of range");
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (field == 0)
            throw Corrupt($"a field at byte {at} has the invalid field number 0");
        if (wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
            throw Corrupt($"field {field} at byte {at} has wire type {(int)wireType}, which ONNX never uses");
        return true;
    }

    public ulong ReadVarint(long end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte(end);
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw Corrupt($"a varint ending at byte {Position} is longer than 10 bytes");
    }

    public long ReadInt64(long end) => unchecked((long)ReadVarint(end));

    /// <summary>Reads a length prefix and returns the end offset of the field it introduces.</summary>
    public long ReadLengthDelimitedEnd(long end)
    {
        var at = Position;
        var length = ReadVarint(end);
        var fieldEnd = Position + (long)Math.Min(length, (ulong)long.MaxValue / 2);
        if (fieldEnd > end)
        {
            // Only the outermost message ends at the file's end; inside a complete parent it is damage.
            if (end >= Length)
                throw Truncated(fieldEnd);
            throw Corrupt(
                $"a field at byte {at} claims {length} bytes, more than the {end - Position} its enclosing message has left"
            );
        }
        return fieldEnd;
    }

    public byte[] ReadBytes(long end, int maxLength, string what)
    {
        var fieldEnd = ReadLengthDelimitedEnd(end);
        var length = fieldEnd - Position;
        if (length > maxLength)
            throw Corrupt($"{what} at byte {Position} is {length} bytes, more than the {maxLength} allowed");
        var result = new byte[length];
        var done = 0;
        while (done < result.Length)
        {
            if (_bufferPos == _bufferLength)
                Fill();
            var n = Math.Min(result.Length - done, _bufferLength - _bufferPos);
            Buffer.BlockCopy(_buffer, _bufferPos, result, done, n);
            _bufferPos += n;
            done += n;
        }
        return result;
    }

    public string ReadString(long end, int maxLength, string what)
    {
        var at = Position;
        var bytes = ReadBytes(end, maxLength, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt($"{what} at byte {at} is not valid UTF-8 text");
        }
    }

    /// <summary>Skips one field's value without reading length-delimited payloads.</summary>
    public void Skip(WireType wireType, long end)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint(end);
                break;
            case WireType.Fixed64:
                SkipTo(Position + 8, end);
                break;
            case WireType.Fixed32:
                SkipTo(Position + 4, end);
                break;
            case WireType.LengthDelimited:
                SeekTo(ReadLengthDelimitedEnd(end));
                break;
            default:
                throw Corrupt($"wire type {(int)wireType} at byte {Position} cannot be skipped");
        }
    }

    /// <summary>Moves to an absolute offset; no bytes are read until something asks for them.</summary>
    public void SeekTo(long position)
    {
        var relative = position - _bufferStart;
        if (relative >= 0 && relative <= _bufferLength)
        {
            _bufferPos = (int)relative;
            return;
        }
        _bufferStart = position;
        _bufferLength = 0;
        _bufferPos = 0;
    }

    public OnnxFormatException Truncated(long needed) =>
        new($"truncated at byte {Length} of at least {needed}", truncated: true);

    public static OnnxFormatException Corrupt(string reason) => new(reason, truncated: false);

    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    private void SkipTo(long target, long end)
    {
        if (target > end)
        {
            if (end >= Length)
                throw Truncated(target);
            throw Corrupt($"a fixed-size field at byte {Position} runs past the end of its enclosing message");
        }
        SeekTo(target);
    }

    private byte ReadByte(long end)
    {
        if (Position >= end)
        {
            if (end >= Length)
                throw Truncated(Position + 1);
            throw Corrupt($"a value at byte {Position} runs past the end of its enclosing message");
        }
        if (_bufferPos == _bufferLength)
            Fill();
        return _buffer[_bufferPos++];
    }

    /// <summary>Refills the buffer at the current position, reading ahead at most one buffer.</summary>
    private void Fill()
    {
        var start = Position;
        var wanted = (int)Math.Min(BufferSize, Length - start);
        if (wanted <= 0)
            throw Truncated(start + 1);
        _stream.Position = start;
        var read = 0;
        while (read < wanted)
        {
            var n = _stream.Read(_buffer, read, wanted - read);
            if (n == 0)
                break;
            read += n;
        }
        _bufferStart = start;
        _bufferPos = 0;
        _bufferLength = read;
        if (read == 0)
            throw Truncated(start + 1);
    }
}
