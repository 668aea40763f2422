using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelRuntime.Tests.Support;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;
using ModelSdk.Testing;
using static ModelRuntime.Tests.TypedOutputs.Outputs;

namespace ModelRuntime.Tests.TypedOutputs;

/// <summary>The formatter as the endpoints call it: a served model loaded from a contract folder, run in process.</summary>
public sealed class ServedModelFormatterTests
{
    private static JsonArray Parameter(string name, string type, string value) =>
        [
            new JsonObject
            {
                ["name"] = name,
                ["type"] = type,
                ["default"] = value,
                ["env"] = $"MODEL_PARAM_{name.ToUpperInvariant()}",
            },
        ];

    private static (IDisposable Factory, ServedModel Model) Serve(
        TestModel model,
        Dictionary<string, string>? settings = null
    )
    {
        var factory = RuntimeFactory.CreateInProcess(ContractFolder.Write(model), settings);
        var served = factory.Services.GetRequiredService<ModelRepository>().Find(model.Name)!;
        Assert.True(served.IsReady, served.LoadError);
        return (factory, served);
    }

    private static TestModel SegmenterWithColors(string colors) =>
        new(
            "seg",
            VisionModels.Segmenter().ToBytes(),
            Details: new JsonObject
            {
                ["purpose"] = "SemanticSegmentation",
                ["preprocessing"] = new JsonObject { ["colorsFile"] = "colors.txt" },
            },
            Files: new Dictionary<string, string> { ["colors.txt"] = colors }
        );

    private static IReadOnlyList<OutputTensor> Run(ServedModel model, Tensor image)
    {
        var names = model.Session!.Outputs.Select(o => o.Name).ToArray();
        var tensors = model.Session.Run([new("image", image)], names);
        return names
            .Select(
                (n, i) => new OutputTensor(n, ModelSdk.Onnx.OnnxDatatypes.ToOip(tensors[i].ElementType)!, tensors[i])
            )
            .ToArray();
    }

    [Fact]
    public void A_detector_takes_purpose_architecture_labels_and_thresholds_from_its_contract_and_environment()
    {
        var model = new TestModel(
            "det",
            VisionModels.Yolov5Detector().ToBytes(),
            Labels: ["person", "car"],
            Parameters: Parameter("score_threshold", "float", "0.5"),
            Details: new JsonObject { ["purpose"] = "ObjectDetection", ["architecture"] = "yolo" }
        );
        var (factory, served) = Serve(model, new() { ["MODEL_PARAM_SCORE_THRESHOLD"] = "0.05" });
        using var _ = factory;

        var outputs = Run(served, Tensor.FromArray([1, 3, 64, 64], new float[3 * 64 * 64]));
        var result = PredictionFormatter.Format(served, outputs, 0, null);

        Assert.Equal(PredictionKind.ObjectDetection, PredictionFormatter.KindOf(served));
        // The environment's 0.05 lets box 3 (objectness 0.5 x 0.2 = 0.1) through; the default 0.5 would not.
        Assert.Equal([("person", 0, 0.9f), ("car", 1, 0.6f), ("person", 0, 0.1f)], Entries(result));
    }

    [Fact]
    public void A_segmenter_is_coloured_from_the_colors_file_shipped_in_the_model_folder()
    {
        var model = SegmenterWithColors("10,20,30\n40,50,60\n");
        var (factory, served) = Serve(model);
        using var _ = factory;
        var outputs = Run(served, Tensor.FromArray([1, 3, 8, 8], new float[3 * 64]));

        var png = PredictionFormatter.FormatPng(served, outputs, 0, null)!;

        var (w, h, _, rgb) = PngPython.Decode(png);
        Assert.Equal((4, 4), (w, h));
        byte[] expected =
        [
            .. VisionModels.SegmentationMap.SelectMany(c =>
                c switch
                {
                    0 => new byte[] { 10, 20, 30 },
                    1 => [40, 50, 60],
                    _ => [Palette.Voc(2).R, Palette.Voc(2).G, Palette.Voc(2).B],
                }
            ),
        ];
        Assert.Equal(expected, rgb);
    }

    [Fact]
    public void Purposes_compare_case_insensitively()
    {
        var (factory, served) = Serve(new TestModel("plain", TestOnnx.LinearClassifier()));
        using var _ = factory;
        var outputs = new[] { Float("probabilities", [1, 3], 0.2f, 0.3f, 0.5f) };

        // ContractFolder writes purpose "classification" (lower case): purposes compare case-insensitively.
        Assert.Equal(PredictionKind.Classification, PredictionFormatter.KindOf(served));
        Assert.Equal(2, Entries(PredictionFormatter.Format(served, outputs, 0, null))[0].Index);
    }

    [Fact]
    public void A_broken_colors_file_is_a_500_naming_the_model_and_line()
    {
        var model = SegmenterWithColors("10,20,30\nblue\n");
        var (factory, served) = Serve(model);
        using var _ = factory;

        var e = Assert.Throws<InferenceException>(() => PredictionFormatter.KindOf(served));
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("model 'seg'", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Geometry_is_optional_for_image_outputs_too()
    {
        var model = new TestModel(
            "matte",
            VisionModels.ImageIdentity().ToBytes(),
            Details: new JsonObject { ["purpose"] = "ImageToImage" }
        );
        var (factory, served) = Serve(model);
        using var _ = factory;
        var outputs = Run(
            served,
            Tensor.FromArray([1, 3, 2, 2], new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
        );

        var result = PredictionFormatter.Format(served, outputs, 0, (ImageGeometry?)null);

        Assert.Equal((2, 2), ((int)result["width"]!, (int)result["height"]!));
        Assert.Equal(
            new byte[] { 9, 5, 1, 10, 6, 2, 11, 7, 3, 12, 8, 4 },
            PngPython.Decode(Convert.FromBase64String((string)result["png"]!)).Pixels
        );
    }
}
