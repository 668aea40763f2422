using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests;

public class BinaryDataTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    /// <summary>
    /// Two rows of each type: bytes chosen to cover sign bits, NaN payloads and non-UTF-8 BYTES (no NUL byte: ONNX
    /// Runtime's string tensors are C strings).
    /// </summary>
    internal static byte[] Sample(OnnxElementType type) =>
        type switch
        {
            OnnxElementType.Bool => [1, 0, 0, 1],
            OnnxElementType.String => BinaryBody.Strings([0xff, 0x01, 0xfe], [], "é"u8.ToArray(), [0x80]),
            _ => Enumerable
                .Range(0, 4 * TensorElementTypes.SizeOf(type))
                .Select(i => (byte)(i * 37 + 0x81 + (int)type))
                .ToArray(),
        };

    private static JsonObject Input(string name, string datatype, long size) =>
        new()
        {
            ["name"] = name,
            ["datatype"] = datatype,
            ["shape"] = new JsonArray(2, 2),
            ["parameters"] = new JsonObject { ["binary_data_size"] = size },
        };

    [Fact]
    public async Task Every_datatype_goes_in_and_comes_back_binary_byte_for_byte()
    {
        var types = TestOnnx.AllTypes;
        var samples = types.Select(Sample).ToArray();
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(
                types.Select((t, i) => (JsonNode)Input($"in_{t}", OnnxDatatypes.ToOip(t)!, samples[i].Length)).ToArray()
            ),
            ["parameters"] = new JsonObject { ["binary_data_output"] = true },
        };

        using var response = await _client.PostAsync("/v2/models/types/infer", header, samples);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var (json, binary) = await BinaryBody.SplitAsync(response);
        var outputs = json["outputs"]!.AsArray();
        Assert.Equal(types.Length, outputs.Count);
        var offset = 0;
        for (var i = 0; i < types.Length; i++)
        {
            Assert.Equal($"out_{types[i]}", outputs[i]!["name"]!.GetValue<string>());
            Assert.Equal(OnnxDatatypes.ToOip(types[i]), outputs[i]!["datatype"]!.GetValue<string>());
            Assert.Null(outputs[i]!["data"]);
            var size = outputs[i]!["parameters"]!["binary_data_size"]!.GetValue<int>();
            Assert.Equal(samples[i], binary[offset..(offset + size)]);
            offset += size;
        }
        Assert.Equal(binary.Length, offset);
    }

    [Fact]
    public async Task Json_and_binary_inputs_mix_and_each_output_chooses_its_form()
    {
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "in_Int32",
                    ["datatype"] = "INT32",
                    ["shape"] = new JsonArray(2, 2),
                    ["data"] = new JsonArray(7, -9, 0, 1),
                },
                Input("in_Float", "FP32", 16)
            ),
            ["outputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "out_Int32",
                    ["parameters"] = new JsonObject { ["binary_data"] = true },
                },
                new JsonObject { ["name"] = "out_Float" }
            ),
        };
        float[] floats = [1.5f, -2f, 0.25f, 3e10f];
        var others = TestOnnx
            .AllTypes.Where(t => t is not (OnnxElementType.Int32 or OnnxElementType.Float))
            .Select(t => (t, Sample(t)))
            .ToArray();
        foreach (var (t, sample) in others)
            header["inputs"]!.AsArray().Add(Input($"in_{t}", OnnxDatatypes.ToOip(t)!, sample.Length));
        byte[][] binary =
        [
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()).ToArray(),
            .. others.Select(o => o.Item2),
        ];

        using var response = await _client.PostAsync("/v2/models/types/infer", header, binary);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (json, bytes) = await BinaryBody.SplitAsync(response);
        var outputs = json["outputs"]!.AsArray();
        Assert.Equal(16, outputs[0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal([7, -9, 0, 1], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes).ToArray());
        Assert.Equal(floats, outputs[1]!["data"]!.AsArray().Select(v => v!.GetValue<float>()));
        Assert.Null(outputs[1]!["parameters"]);
    }

    [Fact]
    public async Task Classification_comes_back_as_binary_bytes_elements()
    {
        float[] rows = [1f, 2f, 3f, 4f, -1f, 0.5f, 0f, 2f];
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "input",
                    ["datatype"] = "FP32",
                    ["shape"] = new JsonArray(2, 4),
                    ["parameters"] = new JsonObject { ["binary_data_size"] = 32 },
                }
            ),
            ["outputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "probabilities",
                    ["parameters"] = new JsonObject { ["classification"] = 2, ["binary_data"] = true },
                }
            ),
        };
        var json = RestApiTests
            .Request("input", "FP32", [2, 4], "[1,2,3,4,-1,0.5,0,2]")
            .Replace("]}]}", "]}],\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"classification\":2}}]}");
        var (_, expected) = await _client.PostJson("/v2/models/classifier/infer", json);

        using var response = await _client.PostAsync(
            "/v2/models/classifier/infer",
            request,
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.AsSpan()).ToArray()
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (header, binary) = await BinaryBody.SplitAsync(response);
        var output = header["outputs"]![0]!;
        Assert.Equal("BYTES", output["datatype"]!.GetValue<string>());
        var strings = expected!["outputs"]![0]!["data"]!
            .AsArray()
            .Select(v => Encoding.UTF8.GetBytes(v!.GetValue<string>()));
        Assert.Equal(BinaryBody.Strings([.. strings]), binary);
        Assert.Equal(4, strings.Count());
    }

    [Theory]
    [InlineData(12, 0, "binary_data_size\" 12 but shape [2,2] of FP32 is 16 bytes")]
    [InlineData(16, 3, "3 bytes after the JSON header")]
    public async Task Sizes_that_do_not_add_up_are_400(long declared, int extra, string message)
    {
        var header = new JsonObject { ["inputs"] = new JsonArray(Input("in_Float", "FP32", declared)) };
        AddOtherInputs(header, OnnxElementType.Float);
        var binary = new List<byte[]> { new byte[16] };
        binary.AddRange(TestOnnx.AllTypes.Where(t => t != OnnxElementType.Float).Select(Sample));
        binary[^1] = [.. binary[^1], .. new byte[extra]];

        using var response = await _client.PostAsync("/v2/models/types/infer", header, [.. binary]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ErrorOf(response));
    }

    [Fact]
    public async Task Binary_input_without_the_header_length_and_bad_bool_bytes_are_400()
    {
        var header = new JsonObject { ["inputs"] = new JsonArray(Input("in_Bool", "BOOL", 4)) };
        var (status, body) = await _client.PostJson("/v2/models/types/infer", header.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Inference-Header-Content-Length", body!["error"]!.GetValue<string>());

        AddOtherInputs(header, OnnxElementType.Bool);
        byte[][] binary =
        [
            [1, 2, 0, 1],
            .. TestOnnx.AllTypes.Where(t => t != OnnxElementType.Bool).Select(Sample),
        ];
        using var response = await _client.PostAsync("/v2/models/types/infer", header, binary);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("element 1 is the byte 2", await ErrorOf(response));
    }

    [Fact]
    public async Task Bytes_lengths_that_run_past_the_data_are_400()
    {
        var header = new JsonObject();
        header["inputs"] = new JsonArray();
        AddOtherInputs(header, null);
        var binary = TestOnnx.AllTypes.Select(Sample).ToArray();
        var index = Array.IndexOf(TestOnnx.AllTypes, OnnxElementType.String);
        binary[index] = [.. BinaryBody.Strings([1], [2], [3]), 9, 0, 0, 0];

        using var response = await _client.PostAsync("/v2/models/types/infer", header, binary);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("element 3: its 4-byte length runs past", await ErrorOf(response));
    }

    [Fact]
    public async Task A_binary_input_reserves_its_tensor_from_the_request_memory_budget()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("classifier", TestOnnx.LinearClassifier())),
            new Dictionary<string, string>
            {
                ["MODEL_MAX_REQUEST_BYTES"] = "100000",
                ["MODEL_MAX_REQUEST_MEMORY_BYTES"] = "150000",
            }
        );
        using var client = factory.CreateClient();
        var header = new JsonObject { ["inputs"] = new JsonArray(Input("input", "FP32", 80000)) };
        header["inputs"]![0]!["shape"] = new JsonArray(5000, 4);

        // The body (80 KB and its header) fits the budget; with the 80 KB tensor beside it the request does not.
        using var response = await client.PostAsync("/v2/models/classifier/infer", header, new byte[80000]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("input 'input' needs 80000 bytes", await ErrorOf(response));
    }

    [Theory]
    [InlineData("99999", "Inference-Header-Content-Length is 99999 but the body has only")]
    [InlineData("-1", "must be the length in bytes of the body's JSON part, not '-1'")]
    [InlineData("ten", "not 'ten'")]
    public async Task A_header_length_that_is_not_a_length_within_the_body_is_400(string value, string message)
    {
        var content = new ByteArrayContent("{\"inputs\":[]}"u8.ToArray());
        content.Headers.Add(BinaryBody.HeaderLength, value);

        using var response = await _client.PostAsync("/v2/models/types/infer", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ErrorOf(response));
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();

    private static void AddOtherInputs(JsonObject header, OnnxElementType? except)
    {
        foreach (var t in TestOnnx.AllTypes.Where(t => t != except))
            header["inputs"]!.AsArray().Add(Input($"in_{t}", OnnxDatatypes.ToOip(t)!, Sample(t).Length));
    }
}
