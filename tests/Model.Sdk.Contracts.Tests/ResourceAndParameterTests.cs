namespace ModelSdk.Contracts.Tests;

public sealed class ResourceAndParameterTests
{
    private static CompileResult Compile(TestProject p, ProjectSpec spec) =>
        ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier()));

    [Fact]
    public void Resources_parse()
    {
        using var p = new TestProject();
        var spec = p.OneModel() with
        {
            Resources = new ResourceSpec
            {
                MaxMemoryMB = "2048",
                Cores = "0.5",
                Gpus = "0",
                Replicas = "3",
                MaxBatchSize = "16",
                MaxQueueDelayMs = "5",
            },
        };
        var r = Assertions.Succeeded(Compile(p, spec)).Resources;
        Assert.Equal(
            new Resources
            {
                MaxMemoryMB = 2048,
                Cores = 0.5,
                Gpus = 0,
                Replicas = 3,
                MaxBatchSize = 16,
                MaxQueueDelayMs = 5,
            },
            r
        );
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("lots")]
    [InlineData("1e3")]
    public void Integer_hints_must_be_non_negative_integers_MODEL0010(string text)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, p.OneModel() with { Resources = new ResourceSpec { Replicas = text } }),
            ErrorCodes.InvalidNumber
        );
        Assert.Contains("ModelReplicas", d.Message);
    }

    [Theory]
    [InlineData("-0.5")]
    [InlineData("two")]
    public void Cores_must_be_a_non_negative_number_MODEL0010(string text)
    {
        using var p = new TestProject();
        Assertions.SingleError(
            Compile(p, p.OneModel() with { Resources = new ResourceSpec { Cores = text } }),
            ErrorCodes.InvalidNumber
        );
    }

    [Fact]
    public void Parameters_get_a_type_default_and_env_name()
    {
        using var p = new TestProject();
        var spec = p.OneModel() with
        {
            Parameters =
            [
                new ParameterSpec
                {
                    Name = "threshold",
                    Type = "Float",
                    Default = "0.5",
                    Description = "Min score.",
                },
                new ParameterSpec { Name = "mode" },
                new ParameterSpec
                {
                    Name = "top_k",
                    Type = "int",
                    Default = "-3",
                },
                new ParameterSpec
                {
                    Name = "_debug",
                    Type = "bool",
                    Default = "false",
                },
            ],
        };
        var ps = Assertions.Succeeded(Compile(p, spec)).Parameters;
        Assert.Equal(new ModelParameter("threshold", "float", "0.5", "Min score."), ps[0]);
        Assert.Equal("MODEL_PARAM_THRESHOLD", ps[0].Env);
        Assert.Equal(new ModelParameter("mode", "string", null, ""), ps[1]);
        Assert.Equal("MODEL_PARAM_TOP_K", ps[2].Env);
        Assert.Equal("MODEL_PARAM__DEBUG", ps[3].Env);
    }

    [Theory]
    [InlineData("1abc", null, null)]
    [InlineData("my-param", null, null)]
    [InlineData("x", "double", null)]
    [InlineData("x", "int", "1.5")]
    [InlineData("x", "float", "fast")]
    [InlineData("x", "bool", "2")]
    public void Invalid_parameters_are_MODEL0016(string name, string? type, string? value)
    {
        using var p = new TestProject();
        var spec = p.OneModel() with
        {
            Parameters =
            [
                new ParameterSpec
                {
                    Name = name,
                    Type = type,
                    Default = value,
                },
            ],
        };
        var d = Assertions.SingleError(Compile(p, spec), ErrorCodes.InvalidParameter);
        Assert.Contains(name, d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void Parameters_whose_env_names_collide_are_MODEL0016()
    {
        using var p = new TestProject();
        var spec = p.OneModel() with
        {
            Parameters = [new ParameterSpec { Name = "Mode" }, new ParameterSpec { Name = "mode" }],
        };
        var d = Assertions.SingleError(Compile(p, spec), ErrorCodes.InvalidParameter);
        Assert.Contains("MODEL_PARAM_MODE", d.Message);
    }
}
