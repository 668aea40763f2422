using System.Text;
using ModelSdk.Contracts.Declared;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

public sealed class ServingYamlAndCardTests
{
    [Fact]
    public void Serving_yaml_is_a_hydrosphere_model_resource()
    {
        using var p = new TestProject();
        var text = Encoding.UTF8.GetString(ServingYamlWriter.Write(SampleProjects.Classifier(p)));
        Assert.Equal(
            """
            kind: Model
            name: faces
            runtime: model-sdk/onnx-runtime:latest
            payload:
            - files/classifier.onnx
            - labels.txt
            contract:
              name: predict
              inputs:
                features:
                  shape: [-1, 4]
                  type: float
                  profile: numerical
              outputs:
                probabilities:
                  shape: [-1, 3]
                  type: float
                  profile: categorical
            metadata:
              version: "1.2.3"
              framework: "onnx"
              platform: "onnx_onnxv1"
              purpose: "Classification"
              description: "Classifies irises."
              labels: "3"

            """.Replace("\r\n", "\n"),
            text
        );
    }

    [Fact]
    public void Serving_yaml_reads_back_as_a_declared_contract()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        var path = p.Write("serving.yaml", Encoding.UTF8.GetString(ServingYamlWriter.Write(set)));
        var declared = DeclaredContractReader.Read(path);
        var field = Assert.Single(declared.Inputs!);
        Assert.Equal("features", field.Name);
        Assert.Equal("FP32", field.Datatype);
        Assert.Equal([-1L, 4], field.Shape);
        Assert.Equal(DataProfile.Numerical, field.Profile);
    }

    [Fact]
    public void Several_models_give_one_document_each_with_paths_under_their_folders()
    {
        using var p = new TestProject();
        var set = SampleProjects.TwoModels(p);
        var text = Encoding.UTF8.GetString(ServingYamlWriter.Write(set));
        Assert.Equal(2, text.Split('\n').Count(l => l == "---"));
        Assert.Contains("- classifier/files/classifier.onnx\n- classifier/labels.txt\n", text);
        Assert.Contains("- Embedder/files/Embedder.onnx\n- Embedder/files/weights.bin\n", text);
        Assert.Contains("name: Embedder\n", text);
        Assert.Contains("type: int64", text);
        Assert.Contains("type: double", text);
    }

    [Fact]
    public void Model_card_has_identity_tables_and_settings()
    {
        using var p = new TestProject();
        var card = Encoding.UTF8.GetString(ModelCardWriter.Write(SampleProjects.Classifier(p)));
        Assert.StartsWith("# faces 1.2.3\n\nClassifies irises.\n", card);
        Assert.Contains("- Framework: onnx (`onnx_onnxv1`)\n", card);
        Assert.Contains("- Purpose: Classification\n", card);
        Assert.Contains("- Labels: 3\n", card);
        Assert.Contains("- ONNX producer: Model.Sdk.ModelGen 1.0, IR version 8\n", card);
        Assert.Contains("- Opsets: ai.onnx 13\n", card);
        Assert.Contains("| `features` | FP32 | [-1, 4] | numerical | Four measurements. |\n", card);
        Assert.Contains("| `probabilities` | FP32 | [-1, 3] | categorical |", card);
        Assert.Contains("- Input size: 224x224\n- Mean: 1, 2, 3\n- Scale factor: 0.5\n- Swap R/B: yes\n", card);
        Assert.Contains("| `threshold` | float | 0.5 | `MODEL_PARAM_THRESHOLD` | Min score \\| cut. |\n", card);
        Assert.Contains("- CPU cores: 1.5\n", card);
        Assert.Contains("- Max batch size: 8\n", card);
        Assert.DoesNotContain('\r', card);
    }
}
