using System.Net;
using System.Text;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>Client mistakes and out-of-range values on REST: 4xx answers that name the input and say what was wrong.</summary>
public class RestRobustnessTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    private static string Input(string name, string datatype, long[] shape, string data) =>
        RestApiTests.Request(name, datatype, shape, data);

    [Theory]
    [InlineData("in_Float", "FP32", "[1, 1e39]", "element 1 (1e39)", "range of FP32")]
    [InlineData("in_Float", "FP32", "[-1e309, 1]", "element 0 (-1e309)", "range of FP32")]
    [InlineData("in_Double", "FP64", "[0, 1e309]", "element 1 (1e309)", "range of FP64")]
    [InlineData("in_Float16", "FP16", "[1, 70000]", "element 1 (70000)", "range of FP16")]
    [InlineData("in_BFloat16", "BF16", "[1, 1e39]", "element 1 (1e39)", "range of BF16")]
    [InlineData("in_UInt8", "UINT8", "[1, 256]", "element 1 (256)", "range of UINT8")]
    [InlineData("in_Int8", "INT8", "[-129, 1]", "element 0 (-129)", "range of INT8")]
    [InlineData("in_Int32", "INT32", "[1, 2147483648]", "element 1 (2147483648)", "range of INT32")]
    [InlineData("in_Int64", "INT64", "[1, 9223372036854775808]", "element 1", "range of INT64")]
    [InlineData("in_UInt64", "UINT64", "[-1, 1]", "element 0 (-1)", "range of UINT64")]
    public async Task Numbers_outside_the_datatype_range_are_400_naming_input_and_element(
        string input,
        string datatype,
        string data,
        string element,
        string range
    )
    {
        var (status, body) = await _client.PostJson("/v2/models/types/infer", Input(input, datatype, [1, 2], data));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body!["error"]!.GetValue<string>();
        Assert.Contains($"input '{input}' {element}", error);
        Assert.Contains(range, error);
    }

    [Fact]
    public async Task Lower_case_datatypes_are_refused()
    {
        var (status, body) = await _client.PostJson(
            "/v2/models/classifier/infer",
            Input("input", "fp32", [1, 4], "[1,2,3,4]")
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("upper case", body!["error"]!.GetValue<string>());
        Assert.Contains("FP32", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_huge_input_name_is_not_echoed_back_in_full()
    {
        var name = new string('n', 100_000);

        var (status, body) = await _client.PostJson(
            "/v2/models/classifier/infer",
            Input(name, "FP32", [1, 4], "[1,2,3,4]")
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body!["error"]!.GetValue<string>();
        Assert.Contains("(100000 characters)", error);
        Assert.True(error.Length < 500, $"error is {error.Length} characters long");
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"in\ud800put","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}""")]
    [InlineData("""{"id":"\udc00","inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}""")]
    [InlineData("""{"inputs":[{"name":"in_String","datatype":"BYTES","shape":[1,2],"data":["a","\ud83d"]}]}""")]
    public async Task A_lone_surrogate_is_400(string json)
    {
        var model = json.Contains("in_String") ? "types" : "classifier";

        var (status, body) = await _client.PostJson($"/v2/models/{model}/infer", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid Unicode", body!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("data")]
    public async Task Invalid_utf8_is_400(string where)
    {
        var json =
            where == "name"
                ? Input("in#put", "FP32", [1, 4], "[1,2,3,4]")
                : Input("in_String", "BYTES", [1, 2], "[\"a\",\"b#\"]");
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xC3; // a lead byte followed by a non-continuation byte
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync(
            $"/v2/models/{(where == "name" ? "classifier" : "types")}/infer",
            content
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("valid", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("[1000000000,4]", "[1,2,3,4]", "has 4 elements but shape [1000000000,4] needs 4000000000")]
    [InlineData("[1,4]", "[1,2,3,4,5]", "has 5 elements but shape [1,4] needs 4")]
    [InlineData("[2,4]", "[[1,2,3,4]]", "has 4 elements but shape [2,4] needs 8")]
    public async Task Data_that_does_not_fill_the_shape_is_400(string shape, string data, string expected)
    {
        var json = $$"""{"inputs":[{"name":"input","datatype":"FP32","shape":{{shape}},"data":{{data}}}]}""";

        var (status, body) = await _client.PostJson("/v2/models/classifier/infer", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_of_an_input_may_come_in_any_order()
    {
        var json = """{"inputs":[{"data":[[1,2,3,4]],"shape":[1,4],"name":"input","datatype":"FP32"}]}""";

        var (status, body) = await _client.PostJson("/v2/models/classifier/infer", json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body!["outputs"]![0]!["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Data_that_would_need_more_than_the_request_memory_limit_is_413()
    {
        // The fixture allows 1,000,000-byte bodies, so 4,000,000 bytes of request memory: "0," per element
        // declares 8 bytes of INT64 each, 450,000 of them need 3.6 MB beside the 0.9 MB body.
        const int Rows = 225_000;
        var data = "[" + string.Join(",", Enumerable.Repeat("0", Rows * 2)) + "]";

        var (status, body) = await _client.PostJson(
            "/v2/models/types/infer",
            Input("in_Int64", "INT64", [Rows, 2], data)
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("MODEL_MAX_REQUEST_MEMORY_BYTES", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_lookup_ignores_case_when_only_one_model_matches()
    {
        var (status, body) = await _client.GetJson("/v2/models/CLASSIFIER");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("classifier", body!["name"]!.GetValue<string>());

        (status, body) = await _client.PostJson(
            "/v2/models/Classifier/infer",
            Input("input", "FP32", [1, 4], "[1,2,3,4]")
        );
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("classifier", body!["model_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_lookup_is_exact_when_names_differ_only_in_case()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(
                new TestModel("Reader", TestOnnx.LinearClassifier()),
                new TestModel("reader", TestOnnx.ScalarAndVector())
            )
        );
        using var client = factory.CreateClient();

        var (status, body) = await client.GetJson("/v2/models/Reader");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Reader", body!["name"]!.GetValue<string>());
        (status, body) = await client.GetJson("/v2/models/reader");
        Assert.Equal("reader", body!["name"]!.GetValue<string>());
        (status, _) = await client.GetJson("/v2/models/READER");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
