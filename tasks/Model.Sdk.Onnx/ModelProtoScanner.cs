using Google.Protobuf;
using ModelSdk.Onnx.Protos;
using ModelSdk.Onnx.Wire;

namespace ModelSdk.Onnx;

/// <summary>
/// Walks a ModelProto field by field. It parses only the small messages that describe the interface and seeks
/// past nodes, weights, value_info, training info and functions, so memory and bytes read do not grow with weights.
/// Field numbers are those of the published ONNX schema (see Protos/onnx_subset.proto).
/// </summary>
internal sealed class ModelProtoScanner(WireReader reader)
{
    // Interface messages are tiny; anything bigger than this is damage, not a real ValueInfoProto.
    private const int MaxSmallMessage = 16 * 1024 * 1024;
    private const int MaxText = 16 * 1024 * 1024;

    private readonly List<OnnxOpset> _opsets = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private readonly List<(string Location, string Initializer)> _external = [];
    private readonly HashSet<string> _externalSeen = new(StringComparer.Ordinal);

    private long _irVersion;
    private string _producerName = "";
    private string _producerVersion = "";
    private string _domain = "";
    private long _modelVersion;
    private string _docString = "";
    private string _graphName = "";
    private string _graphDocString = "";

    public bool HasGraph { get; private set; }

    public long IrVersion => _irVersion;

    public int OpsetCount => _opsets.Count;

    /// <summary>External data locations with the first initializer that names each.</summary>
    public IReadOnlyList<(string Location, string Initializer)> ExternalData => _external;

    public void ScanModel()
    {
        var end = reader.Length;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    _irVersion = ReadVarint(wire, end, "ModelProto.ir_version");
                    break;
                case 2:
                    _producerName = ReadText(wire, end, "ModelProto.producer_name");
                    break;
                case 3:
                    _producerVersion = ReadText(wire, end, "ModelProto.producer_version");
                    break;
                case 4:
                    _domain = ReadText(wire, end, "ModelProto.domain");
                    break;
                case 5:
                    _modelVersion = ReadVarint(wire, end, "ModelProto.model_version");
                    break;
                case 6:
                    _docString = ReadText(wire, end, "ModelProto.doc_string");
                    break;
                case 7:
                    Expect(wire, WireType.LengthDelimited, "ModelProto.graph");
                    HasGraph = true;
                    ScanGraph(reader.ReadLengthDelimitedEnd(end));
                    break;
                case 8:
                    var opset = ReadMessage(wire, end, OperatorSetIdProto.Parser, "ModelProto.opset_import");
                    _opsets.Add(new OnnxOpset(opset.Domain, opset.Version));
                    break;
                case 14:
                    var entry = ReadMessage(wire, end, StringStringEntryProto.Parser, "ModelProto.metadata_props");
                    _metadata.Add(new(entry.Key, entry.Value));
                    break;
                default:
                    // training_info (20), functions (25), configuration (26) and future fields.
                    reader.Skip(wire, end);
                    break;
            }
        }
    }

    public OnnxModelInfo ToModelInfo() =>
        new(
            _irVersion,
            _producerName,
            _producerVersion,
            _domain,
            _modelVersion,
            _docString,
            _graphName,
            _graphDocString,
            _opsets.ToArray(),
            _metadata.ToArray(),
            // Before IR 4, initializers had to be listed as inputs too; they are constants, not inputs.
            _inputs.Where(i => !_initializerNames.Contains(i.Name)).ToArray(),
            _outputs.ToArray(),
            _external.Select(e => e.Location).ToArray()
        );

    private void ScanGraph(long end)
    {
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 2:
                    _graphName = ReadText(wire, end, "GraphProto.name");
                    break;
                case 5:
                    Expect(wire, WireType.LengthDelimited, "GraphProto.initializer");
                    ScanTensor(reader.ReadLengthDelimitedEnd(end));
                    break;
                case 10:
                    _graphDocString = ReadText(wire, end, "GraphProto.doc_string");
                    break;
                case 11:
                    _inputs.Add(ReadValueInfo(wire, end, "GraphProto.input"));
                    break;
                case 12:
                    _outputs.Add(ReadValueInfo(wire, end, "GraphProto.output"));
                    break;
                case 15:
                    Expect(wire, WireType.LengthDelimited, "GraphProto.sparse_initializer");
                    ScanSparseTensor(reader.ReadLengthDelimitedEnd(end));
                    break;
                default:
                    // node (1), value_info (13), quantization_annotation (14), metadata_props (16), ...
                    reader.Skip(wire, end);
                    break;
            }
        }
    }

    private void ScanSparseTensor(long end)
    {
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1)
            {
                // The values tensor's name is the sparse initializer's name.
                Expect(wire, WireType.LengthDelimited, "SparseTensorProto.values");
                ScanTensor(reader.ReadLengthDelimitedEnd(end));
            }
            else
            {
                reader.Skip(wire, end);
            }
        }
    }

    /// <summary>Reads a TensorProto's name and external data description; seeks past its data.</summary>
    private void ScanTensor(long end)
    {
        var start = reader.Position;
        var name = "";
        var external = false;
        string? location = null;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 8:
                    name = ReadText(wire, end, "TensorProto.name");
                    break;
                case 13:
                    var entry = ReadMessage(wire, end, StringStringEntryProto.Parser, "TensorProto.external_data");
                    if (entry.Key == "location")
                        location = entry.Value;
                    break;
                case 14:
                    external = ReadVarint(wire, end, "TensorProto.data_location") == 1;
                    break;
                default:
                    // raw_data (9), float_data (4), int64_data (7), ...: the weights themselves.
                    reader.Skip(wire, end);
                    break;
            }
        }
        if (name.Length > 0)
            _initializerNames.Add(name);
        if (!external)
            return;
        if (string.IsNullOrEmpty(location))
            throw WireReader.Corrupt(
                $"initializer '{name}' (at byte {start}) says its data is external but gives no 'location'"
            );
        if (_externalSeen.Add(location))
            _external.Add((location, name));
    }

    private OnnxValueInfo ReadValueInfo(WireType wire, long end, string what)
    {
        var value = ReadMessage(wire, end, ValueInfoProto.Parser, what);
        return ValueInfoConverter.Convert(value);
    }

    private T ReadMessage<T>(WireType wire, long end, MessageParser<T> parser, string what)
        where T : IMessage<T>
    {
        Expect(wire, WireType.LengthDelimited, what);
        var at = reader.Position;
        var bytes = reader.ReadBytes(end, MaxSmallMessage, what);
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw WireReader.Corrupt($"{what} at byte {at} is damaged ({e.Message.TrimEnd('.')})");
        }
    }

    private string ReadText(WireType wire, long end, string what)
    {
        Expect(wire, WireType.LengthDelimited, what);
        return reader.ReadString(end, MaxText, what);
    }

    private long ReadVarint(WireType wire, long end, string what)
    {
        Expect(wire, WireType.Varint, what);
        return reader.ReadInt64(end);
    }

    private void Expect(WireType actual, WireType expected, string what)
    {
        if (actual != expected)
            throw WireReader.Corrupt(
                $"{what} near byte {reader.Position} has wire type {(int)actual} instead of {(int)expected}"
            );
    }
}
