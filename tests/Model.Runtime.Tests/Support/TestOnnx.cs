using System.Runtime.InteropServices;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.Support;

/// <summary>A value's declared type: element type and dims (a long is fixed, a string is symbolic).</summary>
internal sealed record ValueSpec(string Name, OnnxElementType Type, params object[] Dims);

internal sealed record NodeSpec(string OpType, string[] Inputs, string[] Outputs);

internal sealed record InitializerSpec(string Name, long[] Dims, float[] Values);

/// <summary>Writes small, valid ONNX models (IR 8, opset 17) for runtime tests.</summary>
internal static class TestOnnx
{
    public static byte[] Model(
        IEnumerable<NodeSpec> nodes,
        IEnumerable<ValueSpec> inputs,
        IEnumerable<ValueSpec> outputs,
        IEnumerable<InitializerSpec>? initializers = null
    )
    {
        var graph = new ProtoWriter();
        var n = 0;
        foreach (var node in nodes)
        {
            var proto = new ProtoWriter();
            foreach (var i in node.Inputs)
                proto.String(1, i);
            foreach (var o in node.Outputs)
                proto.String(2, o);
            proto.String(3, $"node{n++}").String(4, node.OpType);
            graph.Message(1, proto);
        }
        graph.String(2, "test");
        foreach (var init in initializers ?? [])
        {
            var tensor = new ProtoWriter();
            foreach (var d in init.Dims)
                tensor.Varint(1, d);
            tensor.Varint(2, (long)OnnxElementType.Float).String(8, init.Name);
            tensor.Bytes(9, MemoryMarshal.AsBytes(init.Values.AsSpan()).ToArray());
            graph.Message(5, tensor);
        }
        foreach (var input in inputs)
            graph.Message(11, ValueInfo(input));
        foreach (var output in outputs)
            graph.Message(12, ValueInfo(output));
        return new ProtoWriter()
            .Varint(1, 8)
            .String(2, "model-runtime-tests")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 17))
            .ToArray();
    }

    private static ProtoWriter ValueInfo(ValueSpec spec)
    {
        var shape = new ProtoWriter();
        foreach (var dim in spec.Dims)
        {
            var d = new ProtoWriter();
            if (dim is string name)
                d.String(2, name);
            else
                d.Varint(1, Convert.ToInt64(dim));
            shape.Message(1, d);
        }
        var tensorType = new ProtoWriter().Varint(1, (long)spec.Type).Message(2, shape);
        return new ProtoWriter().String(1, spec.Name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    public static readonly float[] Weights = [0.5f, -1f, 0.25f, 1.5f, 0.75f, -0.5f, -0.25f, 2f, 1f, 1f, -1.5f, 0.125f];
    public static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    /// <summary>input FP32 [batch,4] -> MatMul -> Add -> Softmax -> probabilities FP32 [batch,3].</summary>
    public static byte[] LinearClassifier(object batchDim = null!) =>
        Model(
            [
                new NodeSpec("MatMul", ["input", "W"], ["mm"]),
                new NodeSpec("Add", ["mm", "B"], ["logits"]),
                new NodeSpec("Softmax", ["logits"], ["probabilities"]),
            ],
            [new ValueSpec("input", OnnxElementType.Float, batchDim ?? "batch", 4L)],
            [new ValueSpec("probabilities", OnnxElementType.Float, batchDim ?? "batch", 3L)],
            [new InitializerSpec("W", [4, 3], Weights), new InitializerSpec("B", [3], Bias)]
        );

    /// <summary>Every element type the protocol names, each passed through Identity: in_X [batch,2] -> out_X.</summary>
    public static readonly OnnxElementType[] AllTypes =
    [
        OnnxElementType.Bool,
        OnnxElementType.UInt8,
        OnnxElementType.UInt16,
        OnnxElementType.UInt32,
        OnnxElementType.UInt64,
        OnnxElementType.Int8,
        OnnxElementType.Int16,
        OnnxElementType.Int32,
        OnnxElementType.Int64,
        OnnxElementType.Float16,
        OnnxElementType.Float,
        OnnxElementType.Double,
        OnnxElementType.String,
        OnnxElementType.BFloat16,
    ];

    public static byte[] IdentityAllTypes() =>
        Model(
            AllTypes.Select(t => new NodeSpec("Identity", [$"in_{t}"], [$"out_{t}"])),
            AllTypes.Select(t => new ValueSpec($"in_{t}", t, "batch", 2L)),
            AllTypes.Select(t => new ValueSpec($"out_{t}", t, "batch", 2L))
        );

    /// <summary>Two inputs, two outputs: sum = a + a (FP32 [n]), k_out = k (INT64 scalar).</summary>
    public static byte[] ScalarAndVector() =>
        Model(
            [new NodeSpec("Add", ["a", "a"], ["sum"]), new NodeSpec("Identity", ["k"], ["k_out"])],
            [new ValueSpec("a", OnnxElementType.Float, "n"), new ValueSpec("k", OnnxElementType.Int64)],
            [new ValueSpec("sum", OnnxElementType.Float, "n"), new ValueSpec("k_out", OnnxElementType.Int64)]
        );

    /// <summary>x FP32 [batch,k] -> MatMul W[4,3] -> y: accepted by shape checks for any k, fails in ONNX Runtime unless k = 4.</summary>
    public static byte[] DynamicMatMul() =>
        Model(
            [new NodeSpec("MatMul", ["x", "W"], ["y"])],
            [new ValueSpec("x", OnnxElementType.Float, "batch", "k")],
            [new ValueSpec("y", OnnxElementType.Float, "batch", 3L)],
            [new InitializerSpec("W", [4, 3], Weights)]
        );

    /// <summary>
    /// x FP32 [n,256] -> 2048 MatMuls by W [256,256] -> y: 268 MFLOP per 1 KiB input row in small steps, so a small
    /// message (n = 4096, 4 MiB) makes a run of seconds that a deadline ends while the model runs rather than while
    /// the message is still being read, without large intermediate buffers (they change the process's memory).
    /// </summary>
    public static byte[] SlowMatMul() =>
        Model(
            Enumerable
                .Range(0, 2048)
                .Select(i => new NodeSpec("MatMul", [i == 0 ? "x" : $"h{i}", "W"], [i == 2047 ? "y" : $"h{i + 1}"])),
            [new ValueSpec("x", OnnxElementType.Float, "n", 256L)],
            [new ValueSpec("y", OnnxElementType.Float, "n", 256L)],
            [new InitializerSpec("W", [256, 256], Enumerable.Repeat(1f / 256, 256 * 256).ToArray())]
        );

    /// <summary>x UINT8 [n] -> Identity -> y.</summary>
    public static byte[] IdentityBytes() =>
        Model(
            [new NodeSpec("Identity", ["x"], ["y"])],
            [new ValueSpec("x", OnnxElementType.UInt8, "n")],
            [new ValueSpec("y", OnnxElementType.UInt8, "n")]
        );

    public static string WriteTemp(byte[] bytes, string name = "model.onnx")
    {
        var dir = Directory.CreateTempSubdirectory("model-runtime-tests-").FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
