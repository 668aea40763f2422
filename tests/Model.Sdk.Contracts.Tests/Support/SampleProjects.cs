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

    /// <summary>
    /// Two models with what stresses the JSON form: escapes, non-ASCII and astral characters, extreme and
    /// negative-zero doubles, repeated ONNX metadata keys, unset values. Built directly, no project files.
    /// </summary>
    public static ContractSet Unusual() =>
        new()
        {
            Name = "Ünïcode <&> \"q\" \u0001 \u2028 😀",
            Version = "1.0.0-beta+x",
            Description = "line1\r\nline2\ttab \\ / '",
            Authors = ["Zoë", "李"],
            Preprocessing = new Preprocessing
            {
                Mean = [1e-7, -0.0, 0.1 + 0.2, 1e21, 2.0],
                ScaleFactor = double.MaxValue,
                Crop = false,
            },
            Resources = new Resources
            {
                Cores = 0.30000000000000004,
                MaxMemoryMB = long.MaxValue,
                Gpus = 0,
                Replicas = -1,
            },
            Parameters = [new("a_b", "bool", null, "é\u007f"), new("x", "string", "<tag>", "")],
            Models =
            [
                new ServedModel
                {
                    Name = "m1",
                    SourceFile = "/x/m1.onnx",
                    Framework = ModelFramework.TensorRt,
                    Purpose = ModelPurpose.Custom,
                    Labels = [],
                    Inputs =
                    [
                        new TensorField
                        {
                            Name = "in",
                            Datatype = "BYTES",
                            DimNames = [null, "n"],
                            Shape = [-1, 5],
                        },
                    ],
                    Outputs =
                    [
                        new TensorField
                        {
                            Name = "out",
                            Datatype = "FP16",
                            Profile = DataProfile.Ratio,
                            Description = "ß",
                        },
                    ],
                    Onnx = new OnnxModelInfo(
                        IrVersion: 9,
                        ProducerName: "p",
                        ProducerVersion: "v",
                        Domain: "d",
                        ModelVersion: 3,
                        DocString: "doc \"x\"",
                        GraphName: "g",
                        GraphDocString: "gd",
                        Opsets: [new OnnxOpset("", 17), new OnnxOpset("ai.onnx.ml", 3)],
                        Metadata: [new("z", "1"), new("a", "2"), new("a", "dup"), new("É", "3")],
                        Inputs: [],
                        Outputs: [],
                        ExternalDataFiles: []
                    ),
                },
                new ServedModel
                {
                    Name = "m2",
                    SourceFile = "/x/sub/m2.onnx",
                    ExternalData = [new ExternalDataFile("w/a.bin", "/x/sub/w/a.bin")],
                    Framework = ModelFramework.Caffe,
                    Purpose = ModelPurpose.ObjectDetection,
                    Inputs = [],
                    Outputs = [],
                },
            ],
        };

    private static OnnxDim[] FakeOnnxShape(params object[] dims) => OnnxType.Shape(dims);
}
