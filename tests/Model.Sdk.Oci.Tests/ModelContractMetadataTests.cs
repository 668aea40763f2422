using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>What the image takes from contract.json, read through the shared schema.</summary>
public sealed class ModelContractMetadataTests
{
    [Fact]
    public void Parameters_package_and_every_resource_key_become_environment_annotations_and_labels()
    {
        using var dir = new TempDirectory();
        var metadata = ModelContractMetadata.Read(Path.Combine(ModelFolder.Create(dir.Path), "contract.json"));

        Assert.Equal(
            ["MODEL_PARAM_THRESHOLD=0.5", "MODEL_PARAM_TOP_K=3", "FACES_MODE=fast"],
            metadata.Environment.Select(e => $"{e.Key}={e.Value}")
        );
        Assert.Equal("false", metadata.Labels["io.modelsdk.model.resources.gpu"]);
        Assert.Equal("Ada,Bob", metadata.Annotations["org.opencontainers.image.authors"]);
        Assert.Equal(["faces"], metadata.ModelNames);
    }

    [Fact]
    public void A_contract_of_a_newer_schema_version_is_a_coded_error()
    {
        using var dir = new TempDirectory();
        var folder = ModelFolder.Create(dir.Path, contractJson: """{ "formatVersion": 2, "models": [] }""");

        var error = Assert.Throws<ModelSdkException>(() =>
            ModelContractMetadata.Read(Path.Combine(folder, "contract.json"))
        );

        Assert.Equal(ErrorCodes.ModelFolderInvalid, error.Code);
        Assert.Contains("formatVersion 2 is newer than this reader's 1", error.Message);
    }
}
