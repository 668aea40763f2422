using ModelSdk.Contracts.Declared;

namespace ModelSdk.Contracts.Tests;

public sealed class DeclaredContractReaderTests
{
    private const string File = "/project/contract.yaml";

    private static DeclaredContract Parse(string yaml) => DeclaredContractReader.Parse(yaml, File);

    private static ModelSdkException Fails(string yaml, string code, int line)
    {
        var e = Assert.Throws<ModelSdkException>(() => Parse(yaml));
        Assert.Equal(code, e.Code);
        Assert.Equal(File, e.File);
        Assert.Equal(line, e.Line);
        return e;
    }

    [Fact]
    public void Our_format_as_mappings()
    {
        var c = Parse(
            """
            name: faces
            signature: predict
            inputs:
              image:
                type: FP32
                shape: [-1, 3, 224, 224]
                profile: image
                description: RGB, normalized.
                from: input.1
            outputs:
              scores: {type: float32, shape: [-1, 1000]}
            """
        );
        Assert.Equal("faces", c.Name);
        Assert.Equal("predict", c.Signature);
        var image = Assert.Single(c.Inputs!);
        Assert.Equal("image", image.Name);
        Assert.Equal("input.1", image.From);
        Assert.Equal("input.1", image.SourceName);
        Assert.Equal("FP32", image.Datatype);
        Assert.Equal([-1L, 3, 224, 224], image.Shape);
        Assert.Equal(DataProfile.Image, image.Profile);
        Assert.Equal("RGB, normalized.", image.Description);
        Assert.Equal(4, image.Line);
        Assert.Equal(5, image.TypeLine);
        Assert.Equal(6, image.ShapeLine);
        Assert.Equal(11, Assert.Single(c.Outputs!).Line);
    }

    [Fact]
    public void Our_format_as_lists()
    {
        var c = Parse(
            """
            inputs:
              - name: a
                type: int64
                shape: scalar
              - name: b
                type: DT_STRING
                shape: []
            """
        );
        Assert.Equal(["a", "b"], c.Inputs!.Select(f => f.Name));
        Assert.Equal([2, 5], c.Inputs!.Select(f => f.Line));
        Assert.Equal([], c.Inputs![0].Shape);
        Assert.Equal("BYTES", c.Inputs![1].Datatype);
        Assert.Null(c.Outputs);
    }

    [Fact]
    public void Fields_may_declare_only_some_keys()
    {
        var c = Parse("outputs:\n  scores:\n    profile: categorical\n  other:\n");
        Assert.Null(c.Outputs![0].Datatype);
        Assert.Null(c.Outputs![0].Shape);
        Assert.Equal(DataProfile.Categorical, c.Outputs![0].Profile);
        Assert.Equal("other", c.Outputs![1].Name);
    }

    [Fact]
    public void Hydrosphere_serving_yaml()
    {
        var c = Parse(
            """
            kind: Model
            name: linear
            runtime: "hydrosphere/serving-runtime-python-3.7:3.0.0"
            install-command: "pip install -r requirements.txt"
            payload:
              - "src/"
            contract:
              name: predict
              inputs:
                x:
                  shape: [-1, 2]
                  type: double
                  profile: numerical
              outputs:
                y:
                  shape: scalar
                  type: int64
                  profile: categorical
            metadata:
              team: ml
            """
        );
        Assert.Equal("linear", c.Name);
        Assert.Equal("predict", c.Signature);
        Assert.Equal("FP64", c.Inputs![0].Datatype);
        Assert.Equal([-1L, 2], c.Inputs![0].Shape);
        Assert.Equal(DataProfile.Numerical, c.Inputs![0].Profile);
        Assert.Equal([], c.Outputs![0].Shape);
        Assert.Equal(10, c.Inputs![0].Line);
    }

    [Fact]
    public void Hydrosphere_older_form_with_a_signature_name()
    {
        var c = Parse(
            """
            kind: Model
            name: old
            contract:
              infer:
                inputs:
                  text: {shape: scalar, type: string, profile: text}
                outputs:
                  label: {shape: [1], type: int32, profile: ordinal}
            """
        );
        Assert.Equal("infer", c.Signature);
        Assert.Equal(DataProfile.Text, c.Inputs![0].Profile);
        Assert.Equal(DataProfile.Ordinal, c.Outputs![0].Profile);
        Assert.Equal("INT32", c.Outputs![0].Datatype);
    }

    [Fact]
    public void The_model_resource_is_found_among_several_documents()
    {
        var c = Parse(
            "kind: Application\nname: app\n---\nkind: Model\nname: m\ncontract:\n  inputs:\n    x: {type: float}\n"
        );
        Assert.Equal("m", c.Name);
        Assert.Equal(8, c.Inputs![0].Line);
    }

    [Fact]
    public void Syntax_errors_are_MODEL0011_with_the_line()
    {
        var e = Fails("inputs:\n  x:\n    type: float\n   shape: [1\noutputs: {}\n", ErrorCodes.YamlSyntax, 4);
        Assert.Contains("contract.yaml", e.Message);
    }

    [Fact]
    public void Unclosed_flow_sequence_is_MODEL0011()
    {
        var e = Assert.Throws<ModelSdkException>(() => Parse("inputs:\n  x: {type: float, shape: [1, 2}\n"));
        Assert.Equal(ErrorCodes.YamlSyntax, e.Code);
        Assert.True(e.Line >= 2, $"line {e.Line}");
    }

    [Theory]
    [InlineData("inputs:\n  x: {type: float, shape: [1, 2\n", 2)]
    [InlineData("inputs:\n  x:\n    type: float\n    shape: [1, 2\n", 4)]
    [InlineData("inputs: [\n", 1)]
    [InlineData("inputs:\n  x: {type: [float\n", 2)]
    [InlineData("outputs:\n  y: \"open\n", 2)]
    [InlineData("inputs:\n  x:\n    shape: [1, 2\noutputs: {}\n", 3)]
    [InlineData("a: [\nb: 1\n", 1)]
    [InlineData("inputs:\n  x: {shape: [1, 2]]}\n", 2)]
    public void Every_unclosed_bracket_or_quote_is_MODEL0011_at_its_line(string yaml, int line)
    {
        var e = Assert.Throws<ModelSdkException>(() => Parse(yaml));
        Assert.True(e.Code == ErrorCodes.YamlSyntax, $"{e.Code} {e.Message}");
        Assert.Equal(File, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains("contract.yaml", e.Message);
    }

    [Theory]
    [InlineData("inputs:\n\tx: {type: float}\n", 2)]
    [InlineData("inputs:\n  x:\n\ttype: float\n", 3)]
    public void A_tab_is_MODEL0011_on_its_own_line(string yaml, int line)
    {
        var e = Assert.Throws<ModelSdkException>(() => Parse(yaml));
        Assert.True(e.Code == ErrorCodes.YamlSyntax, $"{e.Code} {e.Message}");
        Assert.Equal(line, e.Line);
        Assert.Contains("tab", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_type_is_MODEL0014_at_the_type_line() =>
        Assert.Contains(
            "float128",
            Fails("inputs:\n  x:\n    type: float128\n", ErrorCodes.InvalidContract, 3).Message
        );

    [Fact]
    public void Types_the_protocol_cannot_carry_are_unknown_here() =>
        Fails("inputs:\n  x: {type: complex64}\n", ErrorCodes.InvalidContract, 2);

    [Fact]
    public void Unknown_profile_is_MODEL0014_listing_the_valid_ones()
    {
        var e = Fails("inputs:\n  x:\n    type: float\n    profile: pixels\n", ErrorCodes.InvalidContract, 4);
        Assert.Contains("numerical", e.Message);
        Assert.Contains("ratio", e.Message);
    }

    [Theory]
    [InlineData("inputs:\n  x:\n    shape: [1, -2]\n", 3)]
    [InlineData("inputs:\n  x:\n    shape: [1, two]\n", 3)]
    [InlineData("inputs:\n  x:\n    shape: 3\n", 3)]
    public void Bad_shapes_are_MODEL0014(string yaml, int line) => Fails(yaml, ErrorCodes.InvalidContract, line);

    [Fact]
    public void Unknown_field_key_is_MODEL0014_at_the_key() =>
        Assert.Contains(
            "dtype",
            Fails("inputs:\n  x:\n    type: float\n    dtype: float\n", ErrorCodes.InvalidContract, 4).Message
        );

    [Fact]
    public void Unknown_top_level_key_is_MODEL0014() =>
        Fails("inputs: {}\noutput: {}\n", ErrorCodes.InvalidContract, 2);

    [Fact]
    public void Kind_other_than_model_is_MODEL0014() =>
        Fails("kind: Application\nname: x\n", ErrorCodes.InvalidContract, 1);

    [Fact]
    public void Hydrosphere_model_without_contract_is_MODEL0014() =>
        Fails("kind: Model\nname: x\n", ErrorCodes.InvalidContract, 1);

    [Fact]
    public void Empty_file_is_MODEL0014() => Fails("# nothing\n", ErrorCodes.InvalidContract, 1);

    [Fact]
    public void List_items_need_a_name() => Fails("inputs:\n  - type: float\n", ErrorCodes.InvalidContract, 2);

    [Fact]
    public void Inputs_must_be_a_mapping_or_list() => Fails("inputs: x\n", ErrorCodes.InvalidContract, 1);
}
