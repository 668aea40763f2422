using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class LargeFileTests
{
    private const long Size = 8L * 1024 * 1024 * 1024 + 12345; // past the 8 GiB ustar limit: needs a PAX size record

    [Fact]
    public void A_sparse_file_over_8_GiB_streams_into_a_valid_layer_with_bounded_memory()
    {
        using var dir = new TempDirectory("modelsdk-large");
        var model = dir.Combine("huge.onnx");
        using (var stream = File.Create(model))
        {
            stream.SetLength(Size);
            stream.Seek(Size - 5, SeekOrigin.Begin);
            stream.Write("tail!"u8);
        }
        var blobs = dir.Combine("blobs");

        var output = ReproducibilityTests.RunProgram(dir.Path, "022", "UTC", "layer", model, blobs);

        var digest = ReproducibilityTests.Value(output, "digest");
        var peakKb = long.Parse(ReproducibilityTests.Value(output, "peak_kb"));
        Assert.Equal(digest, ReproducibilityTests.Value(output, "diffid"));
        var blob = Path.Combine(blobs, Digest.Hex(digest));
        Assert.Equal(new FileInfo(blob).Length, long.Parse(ReproducibilityTests.Value(output, "size")));
        Assert.True(peakKb < 200 * 1024, $"peak memory {peakKb} kB");

        var listing = Tools.RunOk("tar", "--numeric-owner", "-tvf", blob);
        Assert.Contains($" {Size} ", listing);
        Assert.Contains("model/files/huge.onnx", listing);
        using (var stream = File.OpenRead(blob))
        {
            // header blocks: model/, model/files/, PAX header + record block, file header, then the data.
            stream.Seek(512 * 5 + Size - 5, SeekOrigin.Begin);
            var tail = new byte[5];
            stream.ReadExactly(tail);
            Assert.Equal("tail!"u8.ToArray(), tail);
        }
    }
}
