using System.Text;

namespace ModelRuntime.Tests.Support;

/// <summary>Just enough protobuf encoding to write small ONNX models for tests.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _stream = new();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] bytes)
    {
        Tag(field, 2);
        WriteVarint((ulong)bytes.Length);
        _stream.Write(bytes);
        return this;
    }

    public ProtoWriter String(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => _stream.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
