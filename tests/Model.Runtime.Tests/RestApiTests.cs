using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests;

public class RestApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    private static readonly float[] Rows = [1f, 2f, 3f, 4f, -1f, 0.5f, 0f, 2f, 0.25f, -3f, 7f, 1e-3f];

    [Fact]
    public async Task Server_metadata_and_liveness()
    {
        var (status, body) = await _client.GetJson("/v2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model-runtime", body!["name"]!.GetValue<string>());
        Assert.NotNull(body["version"]);
        Assert.NotNull(body["extensions"]);

        (status, body) = await _client.GetJson("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["live"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_model_that_failed_to_load_makes_the_server_and_that_model_not_ready()
    {
        var (status, body) = await _client.GetJson("/v2/health/ready");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body!["ready"]!.GetValue<bool>());
        Assert.Contains("broken", body["error"]!.GetValue<string>());

        (status, body) = await _client.GetJson("/v2/models/broken/ready");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body!["ready"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));

        (status, body) = await _client.GetJson("/v2/models/classifier/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["ready"]!.GetValue<bool>());
        (status, _) = await _client.GetJson("/v2/models/classifier/versions/1/ready");
        Assert.Equal(HttpStatusCode.OK, status);

        var (inferStatus, error) = await _client.PostJson(
            "/v2/models/broken/infer",
            Request("input", "FP32", [1, 4], "[1,2,3,4]")
        );
        Assert.Equal(HttpStatusCode.ServiceUnavailable, inferStatus);
        Assert.Contains("not ready", error!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_whose_models_all_load_is_ready()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("only", TestOnnx.LinearClassifier()))
        );
        using var client = factory.CreateClient();

        var (status, body) = await client.GetJson("/v2/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["ready"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_missing_contract_leaves_the_server_live_but_not_ready()
    {
        using var factory = new RuntimeFactory(
            Path.Combine(Path.GetTempPath(), "no-such-dir", "contract.json"),
            new Dictionary<string, string> { ["MODEL_CONTRACT_WAIT_SECONDS"] = "0" }
        );
        using var client = factory.CreateClient();

        var (live, _) = await client.GetJson("/v2/health/live");
        var (status, body) = await client.GetJson("/v2/health/ready");

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cannot read", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_contract_that_appears_after_the_start_is_waited_for_as_a_kserve_modelcar_needs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "late-contract-" + Guid.NewGuid().ToString("N"));
        var late = Path.Combine(folder, "contract.json");
        var writer = Task.Run(async () =>
        {
            await Task.Delay(1500);
            // The whole model folder, the contract last, as a modelcar's link makes it appear at once.
            var source = Path.GetDirectoryName(server.ContractPath)!;
            var staging = folder + ".staging";
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(staging, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            Directory.Move(staging, folder);
        });
        using var factory = new RuntimeFactory(
            late,
            new Dictionary<string, string> { ["MODEL_CONTRACT_WAIT_SECONDS"] = "60" }
        );
        using var client = factory.CreateClient();
        await writer;

        var (status, body) = await client.GetJson("/v2/models/classifier/ready");

        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
    }

    [Fact]
    public async Task Model_metadata_is_the_contract_entry_plus_parameters_from_the_environment()
    {
        var contract = JsonNode.Parse(File.ReadAllText(server.ContractPath))!;
        var expected = contract["models"]!
            .AsArray()
            .Single(m => m!["name"]!.GetValue<string>() == "classifier")!
            .DeepClone();
        expected["parameters"] = new JsonObject { ["threshold"] = 0.75, ["mode"] = "fast" };

        var (status, body) = await _client.GetJson("/v2/models/classifier");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonNode.DeepEquals(expected, body), body!.ToJsonString());

        (status, body) = await _client.GetJson("/v2/models/classifier/versions/1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonNode.DeepEquals(expected, body));

        (status, body) = await _client.GetJson("/v2/models/classifier/versions/9");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("version", body!["error"]!.GetValue<string>());
        (status, body) = await _client.GetJson("/v2/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nope", body!["error"]!.GetValue<string>());
        (status, _) = await _client.GetJson("/v2/models/nope/ready");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData(false, "/v2/models/classifier/infer")]
    [InlineData(true, "/v2/models/classifier/versions/1/infer")]
    public async Task Infers_equal_to_onnx_runtime_in_process(bool nested, string path)
    {
        var data = nested
            ? new JsonArray(
                Enumerable
                    .Range(0, 3)
                    .Select(r => (JsonNode)new JsonArray(Rows.Skip(r * 4).Take(4).Select(v => (JsonNode)v).ToArray()))
                    .ToArray()
            )
            : new JsonArray(Rows.Select(v => (JsonNode)v).ToArray());

        var (status, body) = await _client.PostJson(
            path,
            Request("input", "FP32", [3, 4], data.ToJsonString(), id: "req-7")
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("classifier", body!["model_name"]!.GetValue<string>());
        Assert.Equal("1", body["model_version"]!.GetValue<string>());
        Assert.Equal("req-7", body["id"]!.GetValue<string>());
        var output = Assert.Single(body["outputs"]!.AsArray())!;
        Assert.Equal("probabilities", output["name"]!.GetValue<string>());
        Assert.Equal("FP32", output["datatype"]!.GetValue<string>());
        Assert.Equal([3L, 3L], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        var expected = Reference(Rows, 3);
        var actual = output["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(expected, actual);
    }

    internal static float[] Reference(float[] rows, int count)
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        return session.Run([new("input", Tensor.FromArray([count, 4], rows))], ["probabilities"])[0].ToArray<float>();
    }

    [Fact]
    public async Task Classification_returns_top_k_score_index_label()
    {
        var body = """
            {"inputs":[{"name":"input","datatype":"FP32","shape":[3,4],"data":DATA}],
             "outputs":[{"name":"probabilities","parameters":{"classification":2}}]}
            """.Replace("DATA", new JsonArray(Rows.Select(v => (JsonNode)v).ToArray()).ToJsonString());

        var (status, response) = await _client.PostJson("/v2/models/classifier/infer", body);

        Assert.Equal(HttpStatusCode.OK, status);
        var output = Assert.Single(response!["outputs"]!.AsArray())!;
        Assert.Equal("BYTES", output["datatype"]!.GetValue<string>());
        Assert.Equal([3L, 2L], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        var expected = Reference(Rows, 3);
        var strings = output["data"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        for (var row = 0; row < 3; row++)
        {
            var ranked = Enumerable.Range(0, 3).OrderByDescending(c => expected[row * 3 + c]).Take(2).ToArray();
            for (var i = 0; i < 2; i++)
            {
                var c = ranked[i];
                var parts = strings[row * 2 + i].Split(':');
                Assert.Equal(
                    expected[row * 3 + c],
                    float.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)
                );
                Assert.Equal(c.ToString(), parts[1]);
                Assert.Equal(ServerFixture.Labels[c], parts[2]);
            }
        }
    }

    [Fact]
    public async Task Every_datatype_round_trips_through_json()
    {
        var values = new Dictionary<string, string>
        {
            ["BOOL"] = "[true,false,false,true]",
            ["UINT8"] = "[0,1,254,255]",
            ["UINT16"] = "[0,1,65534,65535]",
            ["UINT32"] = "[0,1,4294967294,4294967295]",
            ["UINT64"] = "[0,1,18446744073709551614,18446744073709551615]",
            ["INT8"] = "[-128,-1,0,127]",
            ["INT16"] = "[-32768,-1,0,32767]",
            ["INT32"] = "[-2147483648,-1,0,2147483647]",
            ["INT64"] = "[-9223372036854775808,-1,0,9223372036854775807]",
            ["FP16"] = "[0.5,-1.5,65504,0.000061035156]",
            ["FP32"] = "[0.1,-3.4028235E+38,1E-45,42]",
            ["FP64"] = "[0.1,-1.7976931348623157E+308,5E-324,42]",
            ["BYTES"] = "[\"a\",\"\",\"h\u00e9llo\",\"z z\"]",
            ["BF16"] = "[0.5,-2,1.5,256]",
        };
        var types = TestOnnx.AllTypes.ToDictionary(t => OnnxDatatypes.ToOip(t)!);
        var inputs = string.Join(
            ",",
            values.Select(v =>
                $$"""{"name":"in_{{types[v.Key]}}","datatype":"{{v.Key}}","shape":[2,2],"data":{{v.Value}}}"""
            )
        );

        var (status, body) = await _client.PostJson("/v2/models/types/infer", $$"""{"inputs":[{{inputs}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var outputs = body!["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>());
        foreach (var (datatype, data) in values)
        {
            var output = outputs[$"out_{types[datatype]}"]!;
            Assert.Equal(datatype, output["datatype"]!.GetValue<string>());
            var expected = JsonNode.Parse(data)!.AsArray().Select(v => Normalize(datatype, v!)).ToArray();
            var actual = output["data"]!.AsArray().Select(v => Normalize(datatype, v!)).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    private static string Normalize(string datatype, JsonNode value) =>
        datatype switch
        {
            "FP16" => ((Half)value.GetValue<double>()).ToString(),
            "FP32" or "BF16" => value.GetValue<float>().ToString("R"),
            "FP64" => value.GetValue<double>().ToString("R"),
            _ => value.ToJsonString(),
        };

    [Fact]
    public async Task Scalars_and_several_inputs_and_outputs()
    {
        var (status, body) = await _client.PostJson(
            "/v2/models/scalars/infer",
            """{"inputs":[{"name":"k","datatype":"INT64","shape":[],"data":[9007199254740993]},{"name":"a","datatype":"FP32","shape":[3],"data":[1,2.5,-4]}],"outputs":[{"name":"k_out"},{"name":"sum"}]}"""
        );

        Assert.Equal(HttpStatusCode.OK, status);
        var outputs = body!["outputs"]!.AsArray();
        Assert.Equal("k_out", outputs[0]!["name"]!.GetValue<string>());
        Assert.Empty(outputs[0]!["shape"]!.AsArray());
        Assert.Equal(9007199254740993L, outputs[0]!["data"]![0]!.GetValue<long>());
        Assert.Equal([2f, 5f, -8f], outputs[1]!["data"]!.AsArray().Select(v => v!.GetValue<float>()));
    }

    [Theory]
    [InlineData("nope", """{"inputs":[]}""", 404, "unknown model 'nope'")]
    [InlineData("classifier", """{"inputs":[]}""", 400, "missing input(s): input")]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP64","shape":[1,4],"data":[1,2,3,4]}]}""",
        400,
        "datatype FP64 but the model expects FP32"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FLOAT","shape":[1,4],"data":[1,2,3,4]}]}""",
        400,
        "unknown datatype 'FLOAT'"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,5],"data":[1,2,3,4,5]}]}""",
        400,
        "shape [1,5] but the model expects [-1,4]"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[4],"data":[1,2,3,4]}]}""",
        400,
        "shape [4] but the model expects"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[2,4],"data":[1,2,3,4]}]}""",
        400,
        "has 4 elements but shape [2,4] needs 8"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,"two",3,4]}]}""",
        400,
        "element 1 (\"two\") is not a valid FP32"
    )]
    [InlineData(
        "types",
        """{"inputs":[{"name":"in_UInt8","datatype":"UINT8","shape":[1,2],"data":[1,256]}]}""",
        400,
        "element 1 (256) is not a valid UINT8"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}], "outputs":[{"name":"logits"}]}""",
        400,
        "has no output 'logits'"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"other","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}""",
        400,
        "has no input 'other'"
    )]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}""",
        400,
        "not valid JSON"
    )]
    [InlineData("classifier", """[1,2]""", 400, "JSON object")]
    [InlineData(
        "classifier",
        """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,-4],"data":[1,2,3,4]}]}""",
        400,
        "non-negative integers"
    )]
    [InlineData(
        "dynamic",
        """{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}""",
        500,
        "ONNX Runtime failed"
    )]
    public async Task Malformed_requests_get_a_status_and_an_error_naming_the_problem(
        string model,
        string body,
        int expectedStatus,
        string expectedError
    )
    {
        var (status, response) = await _client.PostJson($"/v2/models/{model}/infer", body);

        Assert.Equal(expectedStatus, (int)status);
        Assert.Contains(expectedError, response!["error"]!.GetValue<string>());
        await Still_serving();
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413()
    {
        var big = new string(' ', 1_000_001);
        // Kestrel answers 413 from Content-Length and closes the connection: a client that sends the body at once
        // can hit a broken pipe first (against the runtime as a process), so this one waits for 100-continue.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/classifier/infer")
        {
            Content = new StringContent("{" + big + "}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await _client.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MODEL_MAX_REQUEST_BYTES", error!["error"]!.GetValue<string>());
        await Still_serving();
    }

    private async Task Still_serving()
    {
        var (status, _) = await _client.PostJson(
            "/v2/models/classifier/infer",
            Request("input", "FP32", [1, 4], "[1,2,3,4]")
        );
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Metrics_count_requests_failures_and_batches_per_model()
    {
        await Still_serving();
        await _client.PostJson("/v2/models/classifier/infer", "{}");

        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"model_requests_total\{model=""classifier""\} [1-9]", text);
        Assert.Matches(@"model_request_client_errors_total\{model=""classifier""\} [1-9]", text);
        Assert.Contains("# TYPE model_request_duration_seconds histogram", text);
        Assert.Matches(@"model_inference_duration_seconds_count\{model=""classifier""\} [1-9]", text);
        Assert.Matches(@"model_batch_size_bucket\{model=""classifier"",le=""1""\} [1-9]", text);
        Assert.Contains(@"model_queue_depth{model=""classifier""} 0", text);
    }

    internal static string Request(string name, string datatype, long[] shape, string data, string? id = null) =>
        $$"""{{{(id is null ? "" : $"\"id\":\"{id}\",")}}"inputs":[{"name":"{{name}}","datatype":"{{datatype}}","shape":[{{string.Join(",", shape)}}],"data":{{data}}}]}""";
}
