using Google.Protobuf;
using ModelSdk.Onnx;
using ModelSdk.Onnx.Protos;

namespace ModelSdk.Testing;

/// <summary>
/// Streams a ModelProto with one huge uint8 initializer without holding it in memory. The message is written
/// as concatenated parts (protobuf merges repeated occurrences), with the initializer ahead of the inputs:
/// model fields, then graph = [name, nodes] + [huge initializer] + [everything else].
/// </summary>
internal static class LargeModelWriter
{
    private const int RawDataTag = (9 << 3) | 2; // TensorProto.raw_data
    private const int InitializerTag = (5 << 3) | 2; // GraphProto.initializer
    private const int GraphTag = (7 << 3) | 2; // ModelProto.graph

    public static void Write(Stream stream, ModelProto model, string name, long bytes, bool realBytes)
    {
        var graph = model.Graph;
        var head = new GraphProto { Name = graph.Name, Node = { graph.Node } }.ToByteArray();
        var tailGraph = graph.Clone();
        tailGraph.Name = "";
        tailGraph.Node.Clear();
        var tail = tailGraph.ToByteArray();
        var tensorHeader = new TensorProto
        {
            Name = name,
            DataType = (int)OnnxElementType.UInt8,
            Dims = { bytes },
        }.ToByteArray();

        var initializerLength = tensorHeader.Length + 1 + CodedOutputStream.ComputeInt64Size(bytes) + bytes;
        var graphLength =
            head.Length + 1 + CodedOutputStream.ComputeInt64Size(initializerLength) + initializerLength + tail.Length;
        var rest = model.Clone();
        rest.Graph = null;

        rest.WriteTo(stream);
        WriteTagAndLength(stream, GraphTag, graphLength);
        stream.Write(head);
        WriteTagAndLength(stream, InitializerTag, initializerLength);
        stream.Write(tensorHeader);
        WriteTagAndLength(stream, RawDataTag, bytes);
        if (realBytes)
            WritePseudoRandom(stream, bytes);
        else
        {
            stream.SetLength(stream.Position + bytes);
            stream.Position += bytes;
        }
        stream.Write(tail);
    }

    private static void WriteTagAndLength(Stream stream, int tag, long length)
    {
        stream.WriteByte((byte)tag);
        var value = (ulong)length;
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    /// <summary>xorshift64: the same bytes on every run and machine.</summary>
    private static void WritePseudoRandom(Stream stream, long bytes)
    {
        var buffer = new byte[1 << 20];
        ulong state = 0x9E3779B97F4A7C15;
        while (bytes > 0)
        {
            var n = (int)Math.Min(buffer.Length, bytes);
            for (var i = 0; i < n; i += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                var word = state;
                for (var j = 0; j < 8 && i + j < n; j++, word >>= 8)
                    buffer[i + j] = (byte)word;
            }
            stream.Write(buffer, 0, n);
            bytes -= n;
        }
    }
}
