using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

public class LargeModelTests : IDisposable
{
    private const long OneGiB = 1L << 30;
    private readonly TempDirectory _dir = new("modelsdk-onnx");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_a_1_GiB_model_touching_only_a_few_KB()
    {
        var path = OnnxModels.Large(OneGiB).Save(_dir.Combine("large.onnx"));
        Assert.True(new FileInfo(path).Length > OneGiB);

        using var stream = new CountingStream(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess)
        );
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var info = OnnxReader.Read(stream, path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(["input"], info.Inputs.Select(i => i.Name));
        Assert.Equal(["output", "blob_size"], info.Outputs.Select(o => o.Name));
        // The blob sits before the inputs: the reader must seek over it, not read it.
        Assert.InRange(stream.BytesRead, 1, 64 * 1024);
        Assert.InRange(allocated, 1, 4 * 1024 * 1024);
    }

    [Fact]
    public void Public_read_of_a_1_GiB_model_succeeds()
    {
        var path = OnnxModels.Large(OneGiB).Save(_dir.Combine("large.onnx"));

        var info = OnnxReader.Read(path);

        Assert.Equal(8, info.IrVersion);
        Assert.Equal(OnnxElementType.Int64, info.Outputs[1].ElementType);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(OneGiB / 2)]
    [InlineData(OneGiB + 50)]
    public void A_large_model_cut_anywhere_after_its_header_is_truncated(long cutAt)
    {
        var path = OnnxModels.Large(OneGiB).Save(_dir.Combine("large.onnx"));
        var fullLength = new FileInfo(path).Length;
        BrokenFiles.TruncateInPlace(path, Math.Min(cutAt, fullLength - 1));

        var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));

        Assert.Equal(ErrorCodes.ModelFileCorrupt, e.Code);
        Assert.Contains("truncated at byte", e.Message);
        Assert.Contains(path, e.Message);
    }
}
