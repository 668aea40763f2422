using Google.Protobuf;
using ModelSdk.Onnx;
using ModelSdk.Onnx.Protos;

namespace ModelSdk.Testing;

/// <summary>
/// Writes ONNX model files for tests: any interface, metadata, initializers (embedded, external, or one huge
/// streamed one) and real computable graphs. Same calls give the same bytes.
/// </summary>
public sealed partial class OnnxModelBuilder
{
    private readonly ModelProto _model = new()
    {
        IrVersion = 8,
        ProducerName = "Model.Sdk.Testing",
        ProducerVersion = "1.0",
        Graph = new GraphProto { Name = "main" },
    };

    private readonly List<(string Location, byte[] Data)> _externalFiles = [];
    private (string Name, long Bytes, bool RealBytes)? _large;

    private GraphProto Graph => _model.Graph;

    public OnnxModelBuilder IrVersion(long version) => Set(() => _model.IrVersion = version);

    public OnnxModelBuilder Producer(string name, string version) =>
        Set(() =>
        {
            _model.ProducerName = name;
            _model.ProducerVersion = version;
        });

    public OnnxModelBuilder Domain(string domain) => Set(() => _model.Domain = domain);

    public OnnxModelBuilder ModelVersion(long version) => Set(() => _model.ModelVersion = version);

    public OnnxModelBuilder DocString(string doc) => Set(() => _model.DocString = doc);

    public OnnxModelBuilder GraphName(string name) => Set(() => Graph.Name = name);

    public OnnxModelBuilder GraphDocString(string doc) => Set(() => Graph.DocString = doc);

    /// <summary>Adds an opset import; a model without any gets the default domain at opset 13 when written.</summary>
    public OnnxModelBuilder Opset(string domain, long version) =>
        Set(() => _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version }));

    public OnnxModelBuilder Metadata(string key, string value) =>
        Set(() => _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value }));

    public OnnxModelBuilder Input(string name, OnnxType type, string docString = "") =>
        Set(() => Graph.Input.Add(ValueInfo(name, type, docString)));

    /// <param name="shape">Null for unknown rank, empty for a scalar; see <see cref="OnnxType.Shape"/>.</param>
    public OnnxModelBuilder Input(
        string name,
        OnnxElementType elementType,
        IReadOnlyList<OnnxDim>? shape,
        string docString = ""
    ) => Input(name, OnnxType.Tensor(elementType, shape), docString);

    public OnnxModelBuilder Output(string name, OnnxType type, string docString = "") =>
        Set(() => Graph.Output.Add(ValueInfo(name, type, docString)));

    public OnnxModelBuilder Output(
        string name,
        OnnxElementType elementType,
        IReadOnlyList<OnnxDim>? shape,
        string docString = ""
    ) => Output(name, OnnxType.Tensor(elementType, shape), docString);

    /// <summary>Adds a graph.value_info entry (intermediate value), which readers must skip.</summary>
    public OnnxModelBuilder IntermediateValue(string name, OnnxType type) =>
        Set(() => Graph.ValueInfo.Add(ValueInfo(name, type, "")));

    /// <summary>An embedded initializer with little-endian raw bytes.</summary>
    /// <param name="alsoInput">Also list it as a graph input, as models before IR 4 had to.</param>
    public OnnxModelBuilder Initializer(
        string name,
        OnnxElementType elementType,
        long[] dims,
        byte[] rawData,
        bool alsoInput = false
    ) =>
        Set(() =>
        {
            Graph.Initializer.Add(Tensor(name, elementType, dims, rawData));
            if (alsoInput)
                Graph.Input.Add(
                    ValueInfo(name, OnnxType.Tensor(elementType, dims.Select(OnnxDim.Fixed).ToArray()), "")
                );
        });

    public OnnxModelBuilder FloatInitializer(string name, long[] dims, params float[] values) =>
        Initializer(name, OnnxElementType.Float, dims, ToBytes(values));

    public OnnxModelBuilder Int64Initializer(string name, long[] dims, params long[] values) =>
        Initializer(name, OnnxElementType.Int64, dims, ToBytes(values));

    /// <summary>A sparse initializer (GraphProto.sparse_initializer) with float values at linear indices.</summary>
    public OnnxModelBuilder SparseFloatInitializer(string name, long[] dims, long[] indices, float[] values) =>
        Set(() =>
            Graph.SparseInitializer.Add(
                new SparseTensorProto
                {
                    Values = Tensor(name, OnnxElementType.Float, [values.Length], ToBytes(values)),
                    Indices = Tensor(name + "_indices", OnnxElementType.Int64, [indices.Length], ToBytes(indices)),
                    Dims = { dims },
                }
            )
        );

    /// <summary>
    /// An initializer whose bytes live in <paramref name="location"/> (relative to the model's folder). With
    /// <paramref name="data"/> the file is written next to the model; with null it is not (a missing-file case).
    /// </summary>
    public OnnxModelBuilder ExternalInitializer(
        string name,
        OnnxElementType elementType,
        long[] dims,
        string location,
        byte[]? data,
        long offset = 0
    ) =>
        Set(() =>
        {
            var tensor = new TensorProto
            {
                Name = name,
                DataType = (int)elementType,
                Dims = { dims },
                DataLocation = TensorProto.Types.DataLocation.External,
            };
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            if (offset != 0)
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString() });
            if (data is not null)
            {
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = data.Length.ToString() });
                _externalFiles.Add((location, [.. new byte[offset], .. data]));
            }
            Graph.Initializer.Add(tensor);
        });

    /// <summary>
    /// One uint8 initializer of <paramref name="bytes"/> bytes, streamed into the file ahead of the graph's
    /// inputs. Sparse by default (the file is extended with SetLength, costing no disk or memory); with
    /// <paramref name="realBytes"/> deterministic pseudo-random bytes are written, for honest benchmarks.
    /// </summary>
    public OnnxModelBuilder LargeInitializer(string name, long bytes, bool realBytes = false) =>
        Set(() => _large = (name, bytes, realBytes));

    /// <summary>Adds a node. Attribute values: int/long, float, string, long[] or float[].</summary>
    public OnnxModelBuilder Node(
        string opType,
        string[] inputs,
        string[] outputs,
        params (string Name, object Value)[] attributes
    ) =>
        Set(() =>
        {
            var node = new NodeProto
            {
                OpType = opType,
                Name = $"{opType}_{Graph.Node.Count}",
                Input = { inputs },
                Output = { outputs },
            };
            foreach (var (attrName, value) in attributes)
                node.Attribute.Add(Attribute(attrName, value));
            Graph.Node.Add(node);
        });

    /// <summary>The model's bytes (not available with a large initializer: use <see cref="Save"/>).</summary>
    public byte[] ToBytes()
    {
        if (_large is not null)
            throw new InvalidOperationException("A model with a large initializer can only be saved to a file.");
        return Finished().ToByteArray();
    }

    /// <summary>Writes the model (atomically) and its external data files; returns the full path.</summary>
    public string Save(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        foreach (var (location, data) in _externalFiles)
            AtomicFile.WriteAllBytes(Path.Combine(folder, location), data);
        var model = Finished();
        if (_large is { } large)
            AtomicFile.Write(
                full,
                stream => LargeModelWriter.Write(stream, model, large.Name, large.Bytes, large.RealBytes)
            );
        else
            AtomicFile.WriteAllBytes(full, model.ToByteArray());
        return full;
    }

    private ModelProto Finished()
    {
        var model = _model.Clone();
        if (model.OpsetImport.Count == 0)
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private OnnxModelBuilder Set(Action change)
    {
        change();
        return this;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxType type, string docString) =>
        new()
        {
            Name = name,
            Type = type.Proto,
            DocString = docString,
        };

    internal static TensorProto Tensor(string name, OnnxElementType elementType, long[] dims, byte[] rawData) =>
        new()
        {
            Name = name,
            DataType = (int)elementType,
            Dims = { dims },
            RawData = ByteString.CopyFrom(rawData),
        };

    private static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case int i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case long l:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = l;
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.Add(ints);
                break;
            case float[] floats:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.Add(floats);
                break;
            default:
                throw new ArgumentException($"Unsupported attribute value type {value.GetType()} for '{name}'.");
        }
        return attribute;
    }

    public static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] ToBytes(long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }
}
