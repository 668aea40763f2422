using ModelSdk.Contracts.Imports;

namespace ModelSdk.Contracts.Tests.Imports;

public sealed class AlwaysAiImporterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("aai-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Every field alwaysAI documents: the catalog entry (model-json-file) and `aai model configure`'s model_parameters.</summary>
    public const string Full = """
        {
          "accuracy": "71.8%",
          "dataset": "COCO",
          "description": "MobileNet SSD trained on COCO",
          "id": "alwaysai/mobilenet_ssd",
          "version": 3,
          "inference_time": 0.0417,
          "license": "Apache 2.0",
          "mean_average_precision_top_1": 0.72,
          "mean_average_precision_top_5": null,
          "model_parameters": {
            "architecture": "ssd_mobilenet_v1",
            "colors_file": "colors.txt",
            "config_file": "model.pbtxt",
            "crop": false,
            "framework_type": "onnx",
            "label_file": "labels.txt",
            "mean": [127.5, 127.5, 127.5],
            "model_file": "model.onnx",
            "purpose": "ObjectDetection",
            "scalefactor": 0.007843,
            "size": [300, 300],
            "softmax": true,
            "swaprb": true,
            "batch_size": 1
          },
          "public": true,
          "website_url": "https://github.com/chuanqi305/MobileNet-SSD"
        }
        """;

    private FolderImport Read(string json)
    {
        var path = Path.Combine(_dir.FullName, AlwaysAiImporter.FileName);
        File.WriteAllText(path, json);
        return AlwaysAiImporter.Read(path);
    }

    [Fact]
    public void Every_documented_field_becomes_a_property_or_a_file()
    {
        var import = Read(Full);
        var expected = new Dictionary<string, string>
        {
            ["ModelName"] = "mobilenet_ssd",
            ["Version"] = "3.0.0",
            ["Description"] = "MobileNet SSD trained on COCO",
            ["ModelAccuracy"] = "71.8%",
            ["ModelDataset"] = "COCO",
            ["ModelInferenceTime"] = "0.0417",
            ["ModelLicense"] = "Apache 2.0",
            ["PackageLicenseExpression"] = "Apache-2.0",
            ["ModelMeanAveragePrecisionTop1"] = "0.72",
            ["ModelArchitecture"] = "ssd",
            ["ModelColorsFile"] = "colors.txt",
            ["ModelCrop"] = "false",
            ["ModelFramework"] = "onnx",
            ["ModelMean"] = "127.5,127.5,127.5",
            ["ModelPurpose"] = "ObjectDetection",
            ["ModelScaleFactor"] = "0.007843",
            ["ModelInputSize"] = "300x300",
            ["ModelSoftmax"] = "true",
            ["ModelSwapRB"] = "true",
            ["ModelWebsite"] = "https://github.com/chuanqi305/MobileNet-SSD",
            ["PackageProjectUrl"] = "https://github.com/chuanqi305/MobileNet-SSD",
        };
        Assert.Equal(
            expected.OrderBy(p => p.Key),
            import.Properties.ToDictionary(p => p.Key, p => p.Value.Value).OrderBy(p => p.Key)
        );
        Assert.Equal(
            ("model.onnx", "labels.txt", "model.pbtxt"),
            (import.ModelFile, import.LabelFile, import.ConfigFile)
        );
        Assert.All(import.Properties.Keys, k => Assert.Contains(k, FolderImport.PropertyNames));
        // batch_size (no setting here) and public (catalog bookkeeping) are reported, not silently dropped.
        Assert.Equal(["MODEL0442", "MODEL0442"], import.Diagnostics.Select(d => d.Code));
        Assert.Contains("'batch_size'", import.Diagnostics[0].Message);
        Assert.Contains("'public'", import.Diagnostics[1].Message);
    }

    [Fact]
    public void The_project_wins_and_a_differing_import_is_MODEL0441_naming_both()
    {
        var import = Read(Full);
        var own = new Dictionary<string, string>
        {
            ["ModelPurpose"] = "Classification",
            ["ModelName"] = "mobilenet_ssd",
        };
        var current = new Dictionary<string, string>
        {
            ["ModelPurpose"] = "Classification",
            ["ModelName"] = "mobilenet_ssd",
            ["ModelFramework"] = "onnx",
            ["ModelCrop"] = "",
        };
        var merged = import.Merge(own, current);
        Assert.Equal("Classification", merged["ModelPurpose"]);
        Assert.Equal("300x300", merged["ModelInputSize"]);
        Assert.Equal("", merged["ModelDataset"] == "COCO" ? "" : "dataset lost");
        var conflict = Assert.Single(import.Diagnostics, d => d.Code == "MODEL0441");
        Assert.Contains("ModelPurpose to 'Classification'", conflict.Message);
        Assert.Contains("purpose 'ObjectDetection'", conflict.Message);
    }

    [Theory]
    [InlineData("""{"id": "a/b", "model_parameters": {"size": "300x300"}}""", "'size' must be an array")]
    [InlineData("""{"id": "a/b", "model_parameters": {"swaprb": "yes"}}""", "'swaprb' must be true or false")]
    [InlineData("""{"id": "a/b", "accuracy": "high"}""", "'accuracy' must be a number")]
    [InlineData("""{"id": "a/b", """, "not valid JSON")]
    [InlineData("""[1]""", "JSON object")]
    public void A_malformed_file_is_MODEL0440(string json, string message)
    {
        var e = Assert.Throws<ModelSdkException>(() => Read(json));
        Assert.Equal("MODEL0440", e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Purposes_and_licences_without_an_equivalent_are_warnings()
    {
        var import = Read(
            """{"id": "a/reid", "license": "Proprietary", "model_parameters": {"purpose": "ReIdentification", "architecture": "centernet"}}"""
        );
        Assert.Equal("Custom", import.Properties["ModelPurpose"].Value);
        Assert.False(import.Properties.ContainsKey("PackageLicenseExpression"));
        Assert.False(import.Properties.ContainsKey("ModelArchitecture"));
        Assert.Equal(3, import.Diagnostics.Count(d => d.Code == "MODEL0442"));
    }
}
