using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class ModelFolderLayersTests
{
    [Fact]
    public void Several_models_split_into_large_files_small_files_and_the_contract_layer()
    {
        using var dir = new TempDirectory("modelsdk-layers");
        void Write(string relative, int bytes)
        {
            var path = dir.Combine(relative.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, new byte[bytes]);
        }
        Write("contract.json", 10);
        Write("serving.yaml", 10);
        Write("faces/contract.protobin", 10);
        Write("faces/labels.txt", 10);
        Write("faces/files/faces.onnx", 4096);
        Write("faces/files/faces.onnx.data", 8192);
        Write("ages/files/ages.onnx", 100);
        Write("ages/contract.protobin", 10);
        Write(".contract.json.0123.tmp", 10);

        var layers = ModelFolderLayers.Describe(dir.Path, largeFileThreshold: 4096);

        Assert.Equal(
            [
                ["model/faces/files/faces.onnx"],
                ["model/faces/files/faces.onnx.data"],
                ["model/ages/files/ages.onnx"],
                [
                    "model/ages/contract.protobin",
                    "model/contract.json",
                    "model/faces/contract.protobin",
                    "model/faces/labels.txt",
                    "model/serving.yaml",
                ],
            ],
            layers.Select(l => l.Entries.Select(e => e.PathInImage).ToArray()).ToArray()
        );
        Assert.Equal("contract and configuration", layers[^1].Description);
    }

    [Fact]
    public void A_folder_without_contract_json_is_a_coded_error()
    {
        using var dir = new TempDirectory("modelsdk-layers");
        var error = Assert.Throws<ModelSdkException>(() => ModelFolderLayers.Describe(dir.Path));
        Assert.Equal(ErrorCodes.ModelFolderInvalid, error.Code);
    }
}
