using System.Text;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests;

public class BindingTests
{
    [Fact]
    public void Loads_onnx_runtime_1_31_from_the_package()
    {
        Assert.Equal("1.31.1", OrtEnvironment.Version);
    }

    [Fact]
    public void Bytes_with_nul_and_invalid_utf8_round_trip_intact()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.IdentityAllTypes()));
        byte[][] values = ["a\0b"u8.ToArray(), [0, 0], [], [0xff, 0xfe, 0x00, 0x41]];
        var inputs = TestOnnx
            .AllTypes.Select(t => new KeyValuePair<string, Tensor>(
                $"in_{t}",
                t == OnnxElementType.String
                    ? Tensor.FromStrings([2, 2], values)
                    : Tensor.FromBytes(t, [2, 2], new byte[4 * TensorElementTypes.SizeOf(t)])
            ))
            .ToArray();

        var outputs = session.Run(inputs, TestOnnx.AllTypes.Select(t => $"out_{t}").ToArray());

        Assert.Equal(values, outputs[Array.IndexOf(TestOnnx.AllTypes, OnnxElementType.String)].Strings);
    }

    [Fact]
    public void A_cancelled_token_terminates_the_run()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run([new("input", Tensor.FromArray([1, 4], new float[4]))], ["probabilities"], cancelled.Token)
        );
    }

    [Fact]
    public void Reports_names_types_and_symbolic_dims()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));

        var input = Assert.Single(session.Inputs);
        Assert.Equal("input", input.Name);
        Assert.True(input.IsTensor);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([-1L, 4L], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal([-1L, 3L], output.Dimensions);
    }

    [Fact]
    public void Runs_the_linear_classifier_like_the_math_says()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        float[] x = [1f, 2f, 3f, 4f, -1f, 0.5f, 0f, 2f];

        var result = session.Run([new("input", Tensor.FromArray([2, 4], x))], ["probabilities"]);

        var probabilities = Assert.Single(result);
        Assert.Equal([2L, 3L], probabilities.Shape);
        var actual = probabilities.ToArray<float>();
        for (var row = 0; row < 2; row++)
        {
            var logits = new double[3];
            for (var j = 0; j < 3; j++)
            {
                logits[j] = TestOnnx.Bias[j];
                for (var k = 0; k < 4; k++)
                    logits[j] += x[row * 4 + k] * TestOnnx.Weights[k * 3 + j];
            }
            var max = logits.Max();
            var sum = logits.Sum(l => Math.Exp(l - max));
            for (var j = 0; j < 3; j++)
                Assert.Equal(Math.Exp(logits[j] - max) / sum, actual[row * 3 + j], 5);
        }
    }

    [Fact]
    public void Round_trips_every_protocol_element_type()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.IdentityAllTypes()));
        Assert.Equal(TestOnnx.AllTypes.Length, session.Inputs.Count);
        var inputs = new List<KeyValuePair<string, Tensor>>();
        foreach (var type in TestOnnx.AllTypes)
        {
            var tensor =
                type == OnnxElementType.String
                    ? Tensor.FromStrings(
                        [2, 2],
                        new[] { "a", "", "héllo", "z z" }.Select(Encoding.UTF8.GetBytes).ToArray()
                    )
                    : Tensor.FromBytes(
                        type,
                        [2, 2],
                        Enumerable.Range(0, 4 * TensorElementTypes.SizeOf(type)).Select(i => (byte)(i % 2)).ToArray()
                    );
            inputs.Add(new($"in_{type}", tensor));
        }

        var outputs = session.Run(inputs, TestOnnx.AllTypes.Select(t => $"out_{t}").ToArray());

        for (var i = 0; i < outputs.Length; i++)
        {
            var expected = inputs[i].Value;
            Assert.Equal(expected.ElementType, outputs[i].ElementType);
            Assert.Equal(expected.Shape, outputs[i].Shape);
            Assert.Equal(expected.Data, outputs[i].Data);
            Assert.Equal(expected.Strings, outputs[i].Strings);
        }
    }

    [Fact]
    public void Scalar_int64_and_vector_inputs()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.ScalarAndVector()));
        Assert.Empty(session.Inputs[1].Dimensions);

        var outputs = session.Run(
            [new("a", Tensor.FromArray([3], new[] { 1f, 2f, 3f })), new("k", Tensor.FromArray([], new[] { 42L }))],
            ["k_out", "sum"]
        );

        Assert.Equal([42L], outputs[0].ToArray<long>());
        Assert.Empty(outputs[0].Shape);
        Assert.Equal([2f, 4f, 6f], outputs[1].ToArray<float>());
    }

    [Fact]
    public void A_file_that_is_not_onnx_fails_with_the_runtime_message()
    {
        var path = TestOnnx.WriteTemp("not a model"u8.ToArray());

        var e = Assert.Throws<OrtException>(() => new InferenceSession(path));

        Assert.NotEqual(0, e.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Wrong_shape_and_unknown_names_are_errors_not_crashes()
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));

        Assert.Throws<OrtException>(() =>
            session.Run([new("input", Tensor.FromArray([1, 3], new[] { 1f, 2f, 3f }))], ["probabilities"])
        );
        Assert.Throws<ArgumentException>(() =>
            session.Run([new("nope", Tensor.FromArray([1, 4], new float[4]))], ["probabilities"])
        );
        Assert.Throws<ArgumentException>(() =>
            session.Run([new("input", Tensor.FromArray([1, 4], new float[4]))], ["nope"])
        );
    }

    [Fact]
    public void Settings_apply_and_disposed_sessions_refuse_to_run()
    {
        var session = new InferenceSession(
            TestOnnx.WriteTemp(TestOnnx.LinearClassifier()),
            new SessionSettings(1, 1, GraphOptimizationLevel.Basic)
        );
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
            session.Run([new("input", Tensor.FromArray([1, 4], new float[4]))], ["probabilities"])
        );
    }
}

// In the serial collection so no other test's allocations show up in the process's memory.
[Collection(SerialCollection.Name)]
public class LeakTests
{
    [Fact]
    public void Repeated_load_run_unload_does_not_leak() => Run();

    internal static void Run()
    {
        var path = TestOnnx.WriteTemp(TestOnnx.IdentityAllTypes());
        void Cycle(int runs)
        {
            using var session = new InferenceSession(path);
            for (var i = 0; i < runs; i++)
            {
                var inputs = TestOnnx
                    .AllTypes.Select(t => new KeyValuePair<string, Tensor>($"in_{t}", Filled(t, 64)))
                    .ToArray();
                session.Run(inputs, TestOnnx.AllTypes.Select(t => $"out_{t}").ToArray());
            }
        }
        // Warm up arenas and caches. Then measure two equal windows: a leak grows resident memory in every window,
        // while allocator and GC warm-up (which makes a single window noisy on a loaded machine) levels off.
        for (var i = 0; i < 50; i++)
            Cycle(200);
        var start = ResidentBytes();
        for (var i = 0; i < 150; i++)
            Cycle(200);
        var middle = ResidentBytes();
        for (var i = 0; i < 150; i++)
            Cycle(200);
        var end = ResidentBytes();
        var (first, second) = (middle - start, end - middle);

        Assert.False(
            first > (16 << 20) && second > (16 << 20),
            $"resident memory grew by {first} then {second} bytes over two windows of 150 load/run/unload cycles"
        );
    }

    private static Tensor Filled(OnnxElementType type, int rows) =>
        type == OnnxElementType.String
            ? Tensor.FromStrings([rows, 2], Enumerable.Repeat("xyz"u8.ToArray(), rows * 2).ToArray())
            : Tensor.FromBytes(type, [rows, 2], new byte[rows * 2 * TensorElementTypes.SizeOf(type)]);

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var statm = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(statm[1]) * Environment.SystemPageSize;
    }
}
