using System.Text;
using ModelSdk.ContractModel;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

/// <summary>The shared contract.json schema (Model.Sdk.ContractModel): byte form, round trip, version rule, types.</summary>
public sealed class ContractModelTests
{
    [Fact]
    public void Bytes_are_those_of_the_hand_written_writer_it_replaced()
    {
        // Golden file: written by the Utf8JsonWriter-based ContractJsonWriter before the schema became records.
        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "unusual-contract.json"));
        var actual = ContractJsonWriter.Write(SampleProjects.Unusual());
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Writing_then_reading_gives_equal_records()
    {
        using var p = new TestProject();
        using var q = new TestProject();
        foreach (
            var contracts in new[]
            {
                SampleProjects.Classifier(p),
                SampleProjects.TwoModels(q),
                SampleProjects.Unusual(),
            }
        )
        {
            var written = ContractJsonWriter.ToDocument(contracts);
            var bytes = ContractJson.Write(written);
            var read = ContractJson.Read(bytes);

            Assert.Equivalent(WithoutDefaults(written), WithoutDefaults(read), strict: true);
            Assert.Equal(Defaults(written), Defaults(read));
            Assert.Equal(bytes, ContractJson.Write(read));
        }
    }

    [Fact]
    public void Repeated_onnx_metadata_keys_survive_the_round_trip_in_sorted_order()
    {
        var read = ContractJson.Read(ContractJsonWriter.Write(SampleProjects.Unusual()));
        Assert.Equal(
            [new("a", "2"), new("a", "dup"), new("z", "1"), new("É", "3")],
            read.ModelDetails[0].Onnx!.Metadata
        );
    }

    [Theory]
    [InlineData("""{"formatVersion": 2}""", "formatVersion 2 is newer than this reader's 1")]
    [InlineData("""{"formatVersion": 0}""", "formatVersion 0 is not a contract schema version")]
    [InlineData("""{"models": {}}""", "not a valid contract (line 1)")]
    [InlineData("[]", "not a valid contract")]
    [InlineData("null", "expected a JSON object")]
    public void Unreadable_contracts_say_why(string json, string expected)
    {
        var e = Assert.Throws<ContractFormatException>(() => ContractJson.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unknown_keys_are_kept_where_the_schema_says_and_ignored_elsewhere()
    {
        var json = """
            // comments are allowed
            { "formatVersion": 1, "future": true,
              "models": [{ "name": "m", "versions": ["1"], "platform": "onnx_onnxv1", "inputs": [], "outputs": [],
                           "oipExtension": { "a": 1 } }],
              "modelDetails": [{ "name": "m", "file": "files/m.onnx", "resources": { "cores": 2, "memory": "1Gi" } }] }
            """;
        var read = ContractJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal("""{"a":1}""", ContractJson.ToJsonObject(read.Models[0])["oipExtension"]!.ToJsonString());
        var resources = ContractJson.ToJsonObject(read.ModelDetails[0].Resources!);
        Assert.Equal("2", resources["cores"]!.ToJsonString());
        Assert.Equal("1Gi", resources["memory"]!.GetValue<string>());
        Assert.Empty(read.ModelDetails[0].Parameters);
        Assert.Null(read.Package);
    }

    [Fact]
    public void Parameter_types_have_one_table_with_names_for_the_build_and_aliases_for_readers()
    {
        Assert.Equal(["string", "int", "float", "bool"], ParameterTypes.Names);
        Assert.True(ParameterTypes.TryParseName(" Float ", out var type));
        Assert.Equal(ParameterType.Float, type);
        Assert.False(ParameterTypes.TryParseName("double", out _));
        Assert.True(ParameterTypes.TryRead("double", out type));
        Assert.Equal(ParameterType.Float, type);
        Assert.True(ParameterTypes.TryRead("INT64", out type));
        Assert.Equal(ParameterType.Int, type);
        Assert.False(ParameterTypes.TryRead("decimal", out _));
        Assert.False(ParameterTypes.TryRead(null, out _));
    }

    private static ContractDocument WithoutDefaults(ContractDocument document) =>
        document with
        {
            ModelDetails = document
                .ModelDetails.Select(d =>
                    d with
                    {
                        Parameters = d.Parameters.Select(p => p with { Default = null }).ToArray(),
                    }
                )
                .ToArray(),
        };

    private static string[] Defaults(ContractDocument document) =>
        document.ModelDetails.SelectMany(d => d.Parameters).Select(p => p.Default?.ToJsonString() ?? "null").ToArray();
}
