using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Tests;

/// <summary>A model's structure file (alwaysAI's config_file) travels with it into files/ and is named in the contract.</summary>
public sealed class ConfigFileTests
{
    private const string Contract =
        "inputs:\n  data: {type: float32, shape: [1, 3, 300, 300], profile: image}\noutputs:\n  out: {type: FP32, shape: [1, 7]}\n";

    private static ContractSet Compile(TestProject p, string model, string framework, string? configFile = null)
    {
        p.Write("contract.yaml", Contract);
        var spec = p.Spec(
            new ModelItemSpec
            {
                File = model,
                Contract = "contract.yaml",
                ConfigFile = configFile,
            }
        ) with
        {
            Framework = framework,
        };
        return Assertions.Succeeded(ModelProjectCompiler.Compile(spec, _ => throw new InvalidOperationException()));
    }

    [Theory]
    [InlineData("net.caffemodel", "caffe", "net.prototxt")]
    [InlineData("yolo.weights", "darknet", "yolo.cfg")]
    [InlineData("frozen.pb", "tensorflow", "frozen.pbtxt")]
    [InlineData("ir.bin", "dldt", "ir.xml")]
    [InlineData("ir.xml", "dldt", "ir.bin")]
    public void The_config_file_defaults_to_the_stem_with_the_frameworks_extension(
        string model,
        string framework,
        string config
    )
    {
        using var p = new TestProject();
        p.Model(model);
        p.Write(config, "structure\n");
        var contracts = Compile(p, model, framework);
        Assert.Equal(config, contracts.Models[0].ConfigFile!.RelativePath);

        ModelOutputWriter.Write(contracts, p.OutputDirectory);
        Assert.Equal("structure\n", File.ReadAllText(Path.Combine(p.OutputDirectory, "files", config)));
        var details = ContractJson
            .Read(File.ReadAllBytes(Path.Combine(p.OutputDirectory, "contract.json")))
            .ModelDetails[0];
        Assert.Equal("files/" + config, details.ConfigFile);
    }

    [Fact]
    public void ConfigFile_metadata_wins_and_a_missing_one_is_MODEL0015()
    {
        using var p = new TestProject();
        p.Model("net.caffemodel");
        p.Write("net.prototxt", "default\n");
        p.Write("deploy.prototxt", "chosen\n");
        Assert.Equal(
            "deploy.prototxt",
            Compile(p, "net.caffemodel", "caffe", "deploy.prototxt").Models[0].ConfigFile!.RelativePath
        );

        p.Write("contract.yaml", Contract);
        var spec = p.Spec(
            new ModelItemSpec
            {
                File = "net.caffemodel",
                Contract = "contract.yaml",
                ConfigFile = "nope.prototxt",
            }
        ) with
        {
            Framework = "caffe",
        };
        var d = Assertions.SingleError(
            ModelProjectCompiler.Compile(spec, _ => throw new InvalidOperationException()),
            ErrorCodes.ReferencedFileMissing
        );
        Assert.Contains("ConfigFile", d.Message);
    }

    [Fact]
    public void An_onnx_model_has_no_config_file_and_its_contract_no_key()
    {
        using var p = new TestProject();
        p.Model("model.onnx");
        p.Write("model.prototxt", "unrelated\n");
        ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory);
        Assert.DoesNotContain("configFile", File.ReadAllText(Path.Combine(p.OutputDirectory, "contract.json")));
    }
}
