using ModelSdk.Contracts.Declared;
using ModelSdk.Contracts.Imports;

namespace ModelSdk.Contracts.Tests.Imports;

public sealed class HydrosphereImporterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("hydro-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Hydrosphere's documented resource: kind, name, runtime, install-command, payload, contract, metadata.</summary>
    public const string Serving = """
        kind: Model
        name: "claims"
        runtime: "hydrosphere/serving-runtime-python-3.7:3.0.0"
        install-command: "pip install -r requirements.txt"
        payload:
          - "src/"
          - "requirements.txt"
          - "claims.onnx"
          - "labels.txt"
        contract:
          name: predict
          inputs:
            x: {shape: [-1, 4], type: float32, profile: numerical}
          outputs:
            y: {shape: [-1, 3], type: float32, profile: numerical}
        metadata:
          author: "data team"
        """;

    public const string Prototxt = """
        # A Hydrosphere ModelContract in text format
        model_name: "claims"
        predict {
          signature_name: "predict"
          inputs {
            name: "x"
            dtype: DT_DOUBLE
            shape { dim { size: -1 } dim { size: 2 } }
            profile: NUMERICAL
          }
          inputs { name: "flag" dtype: DT_BOOL shape { } }
          outputs {
            name: "y"
            dtype: DT_INT64
            shape { unknown_rank: true }
            profile: CATEGORICAL
          }
        }
        """;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir.FullName, name), text);

    [Fact]
    public void Serving_yaml_gives_the_name_model_labels_and_declared_contract_and_warns_about_the_rest()
    {
        Write("serving.yaml", Serving);
        Write("claims.onnx", "");
        Assert.True(HydrosphereImporter.IsHydrosphereFolder(_dir.FullName));
        var import = HydrosphereImporter.Read(_dir.FullName, Path.Combine(_dir.FullName, "obj"));
        Assert.Equal("claims", import.Properties["ModelName"].Value);
        Assert.Equal("onnx", import.Properties["ModelFramework"].Value);
        Assert.Equal(("claims.onnx", "labels.txt"), (import.ModelFile, import.LabelFile));
        Assert.Equal(Path.Combine(_dir.FullName, "serving.yaml"), import.ContractFile);
        var warnings = string.Join("\n", import.Diagnostics.Select(d => $"{d.Code} {d.Message}"));
        Assert.Contains("MODEL0442 payload entries 'src/', 'requirements.txt'", warnings);
        Assert.Contains("'runtime', 'install-command', 'metadata' are not used", warnings);
        var contract = DeclaredContractReader.Read(import.ContractFile!);
        Assert.Equal("x", Assert.Single(contract.Inputs!).Name);
    }

    [Fact]
    public void Contract_prototxt_becomes_a_declared_contract()
    {
        Write("contract.prototxt", Prototxt);
        Assert.True(HydrosphereImporter.IsHydrosphereFolder(_dir.FullName));
        var import = HydrosphereImporter.Read(_dir.FullName, Path.Combine(_dir.FullName, "obj"));
        var contract = DeclaredContractReader.Read(import.ContractFile!);
        Assert.Equal("claims", contract.Name);
        Assert.Equal(["x", "flag"], contract.Inputs!.Select(i => i.Name));
        Assert.Equal([-1L, 2], contract.Inputs![0].Shape);
        Assert.Empty(contract.Inputs![1].Shape!);
        Assert.Null(Assert.Single(contract.Outputs!).Shape);
        Assert.Equal(DataProfile.Categorical, contract.Outputs![0].Profile);
    }

    [Theory]
    [InlineData("model_name: \"x\"", "no 'predict")]
    [InlineData("predict { inputs { name: \"x\" ", "never closed")]
    [InlineData("predict { inputs { dtype: DT_FLOAT } }", "no name")]
    public void A_broken_prototxt_is_MODEL0450(string text, string message)
    {
        Write("contract.prototxt", text);
        var e = Assert.Throws<ModelSdkException>(() =>
            HydrosphereImporter.Read(_dir.FullName, Path.Combine(_dir.FullName, "obj"))
        );
        Assert.Equal("MODEL0450", e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_serving_yaml_of_another_kind_is_no_hydrosphere_folder()
    {
        Write("serving.yaml", "kind: Application\nname: app\n");
        Assert.False(HydrosphereImporter.IsHydrosphereFolder(_dir.FullName));
    }
}
