using ModelSdk.Testing;

namespace ModelSdk.Onnx.Tests;

public class BrokenFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-onnx");

    public void Dispose() => _dir.Dispose();

    private static ModelSdkException Fails(string path, string code)
    {
        var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));
        Assert.Equal(code, e.Code);
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message);
        return e;
    }

    [Fact]
    public void Missing_file_is_MODEL0001()
    {
        var e = Fails(_dir.Combine("nope.onnx"), ErrorCodes.ModelFileMissing);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Folder_instead_of_file_is_MODEL0001()
    {
        var e = Fails(_dir.Path, ErrorCodes.ModelFileMissing);
        Assert.Contains("folder", e.Message);
    }

    [Fact]
    public void Empty_file_is_MODEL0002()
    {
        var e = Fails(BrokenFiles.Empty(_dir.Combine("m.onnx")), ErrorCodes.ModelFileCorrupt);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Text_file_is_not_an_onnx_model()
    {
        var e = Fails(BrokenFiles.Text(_dir.Combine("m.onnx")), ErrorCodes.ModelFileCorrupt);
        Assert.Contains("not an ONNX model (it looks like a text file)", e.Message);
    }

    [Fact]
    public void Html_page_is_named()
    {
        var e = Fails(BrokenFiles.Html(_dir.Combine("m.onnx")), ErrorCodes.ModelFileCorrupt);
        Assert.Contains("HTML page", e.Message);
    }

    [Fact]
    public void Zip_archive_is_named()
    {
        var e = Fails(BrokenFiles.Zip(_dir.Combine("m.onnx")), ErrorCodes.ModelFileCorrupt);
        Assert.Contains("it looks like a ZIP archive", e.Message);
    }

    [Fact]
    public void Git_lfs_pointer_says_to_pull()
    {
        var e = Fails(BrokenFiles.GitLfsPointer(_dir.Combine("m.onnx")), ErrorCodes.ModelFileCorrupt);
        Assert.Contains("git lfs pull", e.Message);
    }

    [Fact]
    public void Model_without_graph_is_MODEL0002()
    {
        // ir_version = 8, producer_name = "x", and nothing else.
        var path = _dir.Combine("m.onnx");
        File.WriteAllBytes(path, [0x08, 0x08, 0x12, 0x01, (byte)'x']);
        var e = Fails(path, ErrorCodes.ModelFileCorrupt);
        Assert.Contains("has no graph", e.Message);
    }

    [Fact]
    public void Model_without_opset_import_is_MODEL0002()
    {
        var model = OnnxModels.LinearClassifier().ToBytes();
        // opset_import (field 8) is serialized last: 0x42, length 2, { version (field 2) = 13 }.
        Assert.Equal(new byte[] { 0x42, 0x02, 0x10, 0x0D }, model[^4..]);
        var path = _dir.Combine("m.onnx");
        File.WriteAllBytes(path, model[..^4]);
        var e = Fails(path, ErrorCodes.ModelFileCorrupt);
        Assert.Contains("has no opset_import", e.Message);
    }

    [Fact]
    public void Model_with_ir_version_0_is_MODEL0002()
    {
        var path = OnnxModels.LinearClassifier().IrVersion(0).Save(_dir.Combine("m.onnx"));
        var e = Fails(path, ErrorCodes.ModelFileCorrupt);
        Assert.Contains("ir_version", e.Message);
    }

    [Fact]
    public void Truncation_at_every_offset_is_MODEL0002()
    {
        var model = OnnxModels.LinearClassifier().ToBytes();
        var path = _dir.Combine("cut.onnx");
        var truncatedMessages = 0;
        for (var length = 1; length < model.Length; length++)
        {
            BrokenFiles.Truncated(model, length, path);
            var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(path));
            Assert.Equal(ErrorCodes.ModelFileCorrupt, e.Code);
            if (e.Message.Contains($"truncated at byte {length} of"))
                truncatedMessages++;
        }
        // The graph is the last field, so nearly every cut lands inside a field and says where.
        Assert.True(truncatedMessages > model.Length * 9 / 10, $"{truncatedMessages} of {model.Length}");
    }

    [Fact]
    public void Any_single_corrupted_byte_gives_a_result_or_a_coded_error_never_a_crash()
    {
        var model = OnnxModels.LinearClassifier().Metadata("k", "v").ToBytes();
        var path = _dir.Combine("flipped.onnx");
        foreach (var value in new byte[] { 0x00, 0xFF, 0x7F, 0x80 })
        {
            for (var offset = 0; offset < model.Length; offset++)
            {
                BrokenFiles.WithByte(model, offset, value, path);
                try
                {
                    OnnxReader.Read(path);
                }
                catch (ModelSdkException e)
                {
                    Assert.Equal(ErrorCodes.ModelFileCorrupt, e.Code);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bytes_are_MODEL0002(int seed)
    {
        Fails(BrokenFiles.Garbage(_dir.Combine("m.onnx"), 4096, seed), ErrorCodes.ModelFileCorrupt);
    }

    [Fact]
    public void Field_longer_than_its_parent_is_corrupt_not_truncated()
    {
        // graph (field 7) of 4 bytes holding a name (field 2) that claims 100 bytes, followed by more file.
        var path = _dir.Combine("m.onnx");
        File.WriteAllBytes(path, [0x08, 0x08, 0x3A, 0x04, 0x12, 0x64, 0x41, 0x41, .. new byte[200]]);
        var e = Fails(path, ErrorCodes.ModelFileCorrupt);
        Assert.Contains("more than the", e.Message);
    }

    [Fact]
    public void Unreadable_file_is_MODEL0001()
    {
        if (Environment.UserName == "root" || OperatingSystem.IsWindows())
        {
            // root reads any file; check the error mapping through a locked stream instead.
            var path = OnnxModels.LinearClassifier().Save(_dir.Combine("m.onnx"));
            using var reader = new ThrowingStream(File.ReadAllBytes(path));
            var e = Assert.Throws<ModelSdkException>(() => OnnxReader.Read(reader, path));
            Assert.Equal(ErrorCodes.ModelFileMissing, e.Code);
            Assert.Contains("could not be read", e.Message);
            return;
        }
        var locked = OnnxModels.LinearClassifier().Save(_dir.Combine("locked.onnx"));
        File.SetUnixFileMode(locked, UnixFileMode.None);
        Fails(locked, ErrorCodes.ModelFileMissing);
    }

    private sealed class ThrowingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("disk error");

        public override int Read(Span<byte> buffer) => throw new IOException("disk error");
    }
}
