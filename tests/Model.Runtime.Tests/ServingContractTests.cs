using System.Net;
using System.Text.Json.Nodes;
using ModelRuntime.Contract;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>contract.json as the runtime reads it: the shared schema, its version rule, parameter type aliases.</summary>
public class ServingContractTests
{
    [Fact]
    public async Task A_contract_of_a_newer_schema_version_is_refused_with_a_clear_message()
    {
        var path = ContractFolder.Write(new TestModel("only", TestOnnx.LinearClassifier()));
        Rewrite(path, c => c["formatVersion"] = 2);

        var e = Assert.Throws<ContractException>(() => ServingContract.Load(path));
        Assert.Contains("formatVersion 2 is newer than this reader's 1", e.Message);
        Assert.Contains(path, e.Message);

        using var factory = new RuntimeFactory(path);
        using var client = factory.CreateClient();
        var (status, body) = await client.GetJson("/v2/health/ready");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("written by a newer Model.Sdk", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public void The_current_and_an_absent_schema_version_load()
    {
        var path = ContractFolder.Write(new TestModel("only", TestOnnx.LinearClassifier()));
        Assert.Equal("only", Assert.Single(ServingContract.Load(path)).Name);

        Rewrite(path, c => c.Remove("formatVersion"));
        Assert.Equal("only", Assert.Single(ServingContract.Load(path)).Name);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_a_contract_error_naming_the_line()
    {
        var path = ContractFolder.Write(new TestModel("only", TestOnnx.LinearClassifier()));
        Rewrite(path, c => c["models"]![0]!["versions"] = "1");

        var e = Assert.Throws<ContractException>(() => ServingContract.Load(path));
        Assert.Contains("not a valid contract (line 1)", e.Message);
    }

    [Fact]
    public async Task Parameter_types_are_read_by_name_and_by_alias()
    {
        string[] types = ["int", "integer", "int64", "LONG", "float", "double", "number", "bool", "boolean", "other"];
        var parameters = new JsonArray(
            types
                .Select(
                    (type, i) =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["name"] = $"p{i}",
                                ["type"] = type,
                                ["default"] = "0",
                                ["env"] = $"MODEL_PARAM_P{i}",
                            }
                )
                .ToArray()
        );
        var path = ContractFolder.Write(new TestModel("only", TestOnnx.LinearClassifier(), Parameters: parameters));
        string[] values = ["1", "2", "3", "4", "0.5", "1.5", "2.5", "true", "False", "7"];
        var settings = values.Select((v, i) => KeyValuePair.Create($"MODEL_PARAM_P{i}", v)).ToDictionary();

        using var factory = new RuntimeFactory(path, settings);
        using var client = factory.CreateClient();
        var (_, body) = await client.GetJson("/v2/models/only");

        var expected = new JsonObject
        {
            ["p0"] = 1L,
            ["p1"] = 2L,
            ["p2"] = 3L,
            ["p3"] = 4L,
            ["p4"] = 0.5,
            ["p5"] = 1.5,
            ["p6"] = 2.5,
            ["p7"] = true,
            ["p8"] = false,
            ["p9"] = "7",
        };
        Assert.True(JsonNode.DeepEquals(expected, body!["parameters"]), body["parameters"]!.ToJsonString());
    }

    private static void Rewrite(string path, Action<JsonObject> change)
    {
        var contract = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(contract);
        File.WriteAllText(path, contract.ToJsonString());
    }
}
