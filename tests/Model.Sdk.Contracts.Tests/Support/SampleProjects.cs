using ModelSdk.Testing;

namespace ModelSdk.Contracts.Tests.Support;

/// <summary>Compiled projects for writer tests, built from real ONNX files read by the real reader.</summary>
public static class SampleProjects
{
    /// <summary>One classifier model with labels, preprocessing, parameters, resources and a declared contract.</summary>
    public static ContractSet Classifier(TestProject p)
    {
        OnnxModels.LinearClassifier().Metadata("author", "lab").Save(p.Path("classifier.onnx"));
        p.Write("labels.txt", "setosa\nversicolor\nvirginica\n");
        p.Write("colors.txt", "255,0,0\n\n0,255,0\n");
        p.Write(
            "contract.yaml",
            "inputs:\n  features: {from: input, profile: numerical, description: Four measurements.}\noutputs:\n  probabilities: {profile: categorical}\n"
        );
        var spec = p.Spec(
            new ModelItemSpec
            {
                File = "classifier.onnx",
                Labels = "labels.txt",
                Contract = "contract.yaml",
            }
        ) with
        {
            Version = "1.2.3",
            Description = "Classifies irises.",
            Authors = "Ada;Grace",
            Tags = "iris;tabular",
            License = "MIT",
            Purpose = "Classification",
            Preprocessing = new PreprocessingSpec
            {
                InputSize = "224x224",
                Mean = "1,2,3",
                ScaleFactor = "0.5",
                SwapRB = "true",
                ColorsFile = "colors.txt",
            },
            Resources = new ResourceSpec
            {
                MaxMemoryMB = "512",
                Cores = "1.5",
                MaxBatchSize = "8",
                MaxQueueDelayMs = "2",
            },
            Parameters =
            [
                new ParameterSpec
                {
                    Name = "threshold",
                    Type = "float",
                    Default = "0.5",
                    Description = "Min score | cut.",
                },
            ],
        };
        return Assertions.Succeeded(ModelProjectCompiler.Compile(spec));
    }

    /// <summary>Two models: a classifier and one with external weights (data/weights.bin beside it).</summary>
    public static ContractSet TwoModels(TestProject p)
    {
        OnnxModels.LinearClassifier().Save(p.Path("classifier.onnx"));
        Directory.CreateDirectory(p.Path("ext"));
        new OnnxModelBuilder()
            .ExternalInitializer("w", OnnxElementType.Float, [2], "weights.bin", new byte[8])
            .Input("a", OnnxElementType.Int64, FakeOnnxShape("batch"))
            .Output("b", OnnxElementType.Double, FakeOnnxShape("batch", 2L))
            .Save(p.Path("ext", "Embedder.onnx"));
        p.Write("labels.txt", "a\nb\nc\n");
        var spec = p.Spec(
            new ModelItemSpec { File = "classifier.onnx", Labels = "labels.txt" },
            new ModelItemSpec { File = "ext/Embedder.onnx" }
        );
        return Assertions.Succeeded(ModelProjectCompiler.Compile(spec));
    }

    private static OnnxDim[] FakeOnnxShape(params object[] dims) => OnnxType.Shape(dims);
}
