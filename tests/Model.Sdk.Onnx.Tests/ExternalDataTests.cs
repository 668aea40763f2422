using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

public class ExternalDataTests : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-onnx");

    public void Dispose() => _dir.Dispose();

    private static OnnxModelBuilder Model() =>
        new OnnxModelBuilder()
            .Input("x", OnnxElementType.Float, OnnxType.Shape(4))
            .Output("y", OnnxElementType.Float, OnnxType.Shape(4));

    [Fact]
    public void Lists_external_files_distinct_in_first_seen_order()
    {
        var data = new byte[16];
        var path = Model()
            .ExternalInitializer("w1", OnnxElementType.Float, [4], "weights/b.bin", data)
            .ExternalInitializer("w2", OnnxElementType.Float, [4], "a.bin", data)
            .ExternalInitializer("w3", OnnxElementType.Float, [4], "weights/b.bin", data, offset: 4096)
            .FloatInitializer("embedded", [1], 1f)
            .Save(_dir.Combine("model.onnx"));

        var info = OnnxReader.Read(path);

        Assert.Equal(["weights/b.bin", "a.bin"], info.ExternalDataFiles);
        Assert.Equal(["x"], info.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Missing_external_file_is_MODEL0020_naming_file_and_model()
    {
        var path = Model()
            .ExternalInitializer("w", OnnxElementType.Float, [4], "model.onnx.data", data: null)
            .Save(_dir.Combine("model.onnx"));

        var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));

        Assert.Equal(ErrorCodes.ExternalDataMissing, e.Code);
        Assert.Equal("MODEL0020", e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains("model.onnx.data", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("weights/../../outside.bin")]
    [InlineData("..\\outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\w.bin")]
    [InlineData("C:\\weights.bin")]
    [InlineData("..")]
    public void External_path_leaving_the_model_folder_is_MODEL0013(string location)
    {
        var modelDir = Path.Combine(_dir.Path, "model");
        // The escaping target exists, so only the path check can fail.
        File.WriteAllBytes(_dir.Combine("outside.bin"), new byte[16]);
        var path = Model()
            .ExternalInitializer("w", OnnxElementType.Float, [4], location, data: null)
            .Save(Path.Combine(modelDir, "model.onnx"));

        var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));

        Assert.Equal(ErrorCodes.PathEscapesOutput, e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains(location, e.Message);
    }

    [Fact]
    public void External_data_flag_without_location_is_corrupt()
    {
        var path = _dir.Combine("model.onnx");
        var bytes = Model().ExternalInitializer("w", OnnxElementType.Float, [4], "", data: null).ToBytes();
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));

        Assert.Equal(ErrorCodes.ModelFileCorrupt, e.Code);
        Assert.Contains("'w'", e.Message);
        Assert.Contains("location", e.Message);
    }
}
