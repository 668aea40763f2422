using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// Folders made for other platforms build with nothing but the Sdk line: alwaysAI (alwaysai.model.json) and
/// Hydrosphere (serving.yaml), each file written from its documented format with every field.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ImportTests(SdkFeed feed)
{
    [Fact]
    public void An_alwaysAI_folder_builds_with_its_fields_as_the_project_defaults()
    {
        var project = ModelProject.Create(
            feed,
            "Aai",
            "  <PropertyGroup><Description>Our detector.</Description></PropertyGroup>"
        );
        File.WriteAllBytes(project.Path_("detector.onnx"), VisionModels.SsdDetector().ToBytes());
        project.Write("labels.txt", "background\nperson\ncar\n");
        project.Write("colors.txt", "0,0,0\n255,0,0\n0,255,0\n");
        project.Write("detector.pbtxt", "# config\n");
        project.Write(
            "alwaysai.model.json",
            """
            {
              "accuracy": "71.8", "dataset": "COCO", "description": "SSD test detector", "id": "alwaysai/ssd_test",
              "version": 3, "inference_time": 0.04, "license": "MIT", "mean_average_precision_top_1": 0.72,
              "mean_average_precision_top_5": 0.9, "public": true, "website_url": "https://example.com/ssd",
              "model_parameters": {
                "framework_type": "onnx", "model_file": "detector.onnx", "label_file": "labels.txt",
                "colors_file": "colors.txt", "config_file": "detector.pbtxt", "mean": [104, 117, 123],
                "scalefactor": 0.5, "size": [64, 64], "purpose": "ObjectDetection", "crop": false,
                "swaprb": true, "softmax": false, "architecture": "ssd", "batch_size": 1
              }
            }
            """
        );

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning MODEL0441", build.Output);
        Assert.Contains(
            "Description to 'Our detector.' but alwaysai.model.json says description 'SSD test detector'",
            build.Output
        );
        Assert.Contains("'batch_size'", build.Output);
        using var contract = project.ReadContract();
        var root = contract.RootElement;
        Assert.Equal("ssd_test", root.GetProperty("models")[0].GetProperty("name").GetString());
        Assert.Equal("3.0.0", root.GetProperty("models")[0].GetProperty("versions")[0].GetString());
        var details = root.GetProperty("modelDetails")[0];
        Assert.Equal("ObjectDetection", details.GetProperty("purpose").GetString());
        Assert.Equal("ssd", details.GetProperty("architecture").GetString());
        Assert.Equal(3, details.GetProperty("labels").GetProperty("count").GetInt32());
        var pre = details.GetProperty("preprocessing");
        Assert.Equal(64, pre.GetProperty("inputWidth").GetInt32());
        Assert.Equal("[104,117,123]", pre.GetProperty("mean").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal(0.5, pre.GetProperty("scaleFactor").GetDouble());
        Assert.True(pre.GetProperty("swapRB").GetBoolean());
        Assert.False(pre.GetProperty("crop").GetBoolean());
        Assert.False(pre.GetProperty("softmax").GetBoolean());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, pre.GetProperty("colorsFile").ValueKind);
        var package = root.GetProperty("package");
        Assert.Equal("Our detector.", package.GetProperty("description").GetString());
        Assert.Equal("MIT", package.GetProperty("license").GetString());
        // alwaysAI's accuracy "71.8" is a percentage; its mAP 0.72 a fraction.
        var catalog = package.GetProperty("catalog");
        Assert.Equal("COCO", catalog.GetProperty("dataset").GetString());
        Assert.Equal("71.8%", catalog.GetProperty("accuracy").GetString());
        Assert.Equal("https://example.com/ssd", catalog.GetProperty("website").GetString());
    }

    [Fact]
    public void A_Hydrosphere_folder_builds_with_its_contract_as_the_declared_contract()
    {
        var project = ModelProject.Create(feed, "Hydro", "");
        File.WriteAllBytes(project.Path_("claims.onnx"), OnnxModels.LinearClassifier().ToBytes());
        project.Write("labels.txt", "low\nmedium\nhigh\n");
        project.Write(
            "serving.yaml",
            """
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
                input: {shape: [-1, 4], type: float32, profile: numerical}
              outputs:
                probabilities: {shape: [-1, 3], type: float32, profile: numerical}
            metadata:
              author: "data team"
            """
        );

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning MODEL0442", build.Output);
        Assert.Contains("'runtime', 'install-command', 'metadata' are not used", build.Output);
        using var contract = project.ReadContract();
        var root = contract.RootElement;
        Assert.Equal("claims", root.GetProperty("models")[0].GetProperty("name").GetString());
        var details = root.GetProperty("modelDetails")[0];
        Assert.Equal("numerical", details.GetProperty("inputs")[0].GetProperty("profile").GetString());
        Assert.Equal(3, details.GetProperty("labels").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Dotnet_new_aimodel_from_a_folder_creates_a_project_next_to_it_that_builds_it()
    {
        var root = feed.NewDirectory("FromFolder");
        var folder = Path.Combine(root, "iris_aai");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "iris.onnx"), OnnxModels.LinearClassifier().ToBytes());
        File.WriteAllText(Path.Combine(folder, "labels.txt"), "setosa\nversicolor\nvirginica\n");
        File.WriteAllText(
            Path.Combine(folder, "alwaysai.model.json"),
            """{"id": "someone/iris", "version": 2, "model_parameters": {"framework_type": "onnx", "model_file": "iris.onnx", "label_file": "labels.txt", "purpose": "Classification"}}"""
        );

        feed.New(root, ["aimodel", "-n", "Iris", "--from", "../iris_aai"]).EnsureSuccess("dotnet new aimodel --from");

        var project = Path.Combine(root, "Iris", "Iris.modelproj");
        Assert.False(File.Exists(Path.Combine(root, "Iris", "model.onnx")));
        var build = feed.Build(project, "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var contract = File.ReadAllText(Path.Combine(root, "Iris", "bin", "Release", "model", "contract.json"));
        Assert.Contains("\"name\": \"iris\"", contract);
        Assert.Contains("\"2.0.0\"", contract);
        Assert.Contains("\"purpose\": \"Classification\"", contract);
    }
}
