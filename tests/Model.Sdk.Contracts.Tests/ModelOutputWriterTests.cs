using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.Contracts.Tests;

public sealed class ModelOutputWriterTests
{
    private static string[] Tree(string folder) =>
        Directory
            .GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void One_model_writes_everything_at_the_top()
    {
        using var p = new TestProject();
        var written = ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory);
        string[] expected =
        [
            "README.md",
            "colors.txt",
            "contract.json",
            "contract.protobin",
            "files/classifier.onnx",
            "labels.txt",
            "serving.yaml",
        ];
        Assert.Equal(expected, Tree(p.OutputDirectory));
        Assert.Equal(expected, written.Order(StringComparer.Ordinal));
        Assert.Equal(
            "setosa\nversicolor\nvirginica\n",
            File.ReadAllText(Path.Combine(p.OutputDirectory, "labels.txt"))
        );
        Assert.Equal("255,0,0\n0,255,0\n", File.ReadAllText(Path.Combine(p.OutputDirectory, "colors.txt")));
        Assert.Equal(
            File.ReadAllBytes(p.Path("classifier.onnx")),
            File.ReadAllBytes(Path.Combine(p.OutputDirectory, "files", "classifier.onnx"))
        );
    }

    [Fact]
    public void Files_of_an_earlier_build_that_no_longer_belong_are_removed()
    {
        using var p = new TestProject();
        var first = ModelOutputWriter.Write(SampleProjects.TwoModels(p), p.OutputDirectory);

        ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory, first);

        Assert.DoesNotContain(Tree(p.OutputDirectory), f => f.StartsWith("Embedder/", StringComparison.Ordinal));
        Assert.DoesNotContain(Tree(p.OutputDirectory), f => f.StartsWith("classifier/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(p.OutputDirectory, "Embedder")));
        Assert.Contains("files/classifier.onnx", Tree(p.OutputDirectory));
    }

    [Fact]
    public void Files_no_build_wrote_are_never_removed()
    {
        using var p = new TestProject();
        Directory.CreateDirectory(p.OutputDirectory);
        var mine = Path.Combine(p.OutputDirectory, "notes", "keep.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(mine)!);
        File.WriteAllText(mine, "not the build's");

        var first = ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory);
        ModelOutputWriter.Write(SampleProjects.Classifier(p), p.OutputDirectory, first);

        Assert.True(File.Exists(mine));
    }

    [Fact]
    public void Numbers_are_written_the_same_under_any_culture()
    {
        using var a = new TestProject();
        using var b = new TestProject();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        ModelOutputWriter.Write(SampleProjects.Classifier(a), a.OutputDirectory);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE");
            ModelOutputWriter.Write(SampleProjects.Classifier(b), b.OutputDirectory);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        foreach (var file in new[] { "README.md", "contract.json", "serving.yaml" })
        {
            var text = File.ReadAllText(Path.Combine(b.OutputDirectory, file));
            Assert.DoesNotContain('\u2212', text);
            Assert.Equal(File.ReadAllText(Path.Combine(a.OutputDirectory, file)).Length, text.Length);
        }
        Assert.Contains("-1", File.ReadAllText(Path.Combine(b.OutputDirectory, "README.md")));
    }

    [Fact]
    public void Several_models_get_a_folder_each_with_external_data()
    {
        using var p = new TestProject();
        var set = SampleProjects.TwoModels(p);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        Assert.Equal(
            [
                "Embedder/contract.protobin",
                "Embedder/files/Embedder.onnx",
                "Embedder/files/weights.bin",
                "README.md",
                "classifier/contract.protobin",
                "classifier/files/classifier.onnx",
                "classifier/labels.txt",
                "contract.json",
                "serving.yaml",
            ],
            Tree(p.OutputDirectory)
        );
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(p.OutputDirectory, "contract.json")));
        var details = doc.RootElement.GetProperty("modelDetails");
        Assert.Equal("classifier/files/classifier.onnx", details[0].GetProperty("file").GetString());
        Assert.Equal("classifier/labels.txt", details[0].GetProperty("labels").GetProperty("file").GetString());
        Assert.Equal(
            ["Embedder/files/weights.bin"],
            details[1].GetProperty("externalData").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Equal(
            ["classifier", "Embedder"],
            doc.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString())
        );
    }

    [Fact]
    public void Same_inputs_give_identical_bytes_in_any_folder()
    {
        using var a = new TestProject();
        using var b = new TestProject();
        ModelOutputWriter.Write(SampleProjects.TwoModels(a), a.OutputDirectory);
        ModelOutputWriter.Write(SampleProjects.TwoModels(b), b.OutputDirectory);
        var first = Tree(a.OutputDirectory)
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(a.OutputDirectory, f)));
        ModelOutputWriter.Write(SampleProjects.TwoModels(a), a.OutputDirectory);
        foreach (var file in Tree(a.OutputDirectory))
        {
            Assert.Equal(first[file], File.ReadAllBytes(Path.Combine(a.OutputDirectory, file)));
            Assert.Equal(first[file], File.ReadAllBytes(Path.Combine(b.OutputDirectory, file)));
        }
    }

    [Fact]
    public void Model_files_keep_the_mtime_and_are_left_alone_when_unchanged()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        var source = p.Path("classifier.onnx");
        var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, stamp);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        var placed = Path.Combine(p.OutputDirectory, "files", "classifier.onnx");
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(placed));

        // Nothing changed: the file is not written again (same inode, same ctime).
        var before = FileStat.Of(placed);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        Assert.Equal(before, FileStat.Of(placed));
    }

    [Fact]
    public void A_failed_write_is_MODEL0022_and_leaves_the_previous_files()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        ModelOutputWriter.Write(set, p.OutputDirectory);
        var before = Tree(p.OutputDirectory)
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(p.OutputDirectory, f)));

        // The model vanished after compiling and the project changed: nothing of the new output may land.
        File.Delete(p.Path("classifier.onnx"));
        File.Delete(Path.Combine(p.OutputDirectory, "files", "classifier.onnx"));
        before.Remove("files/classifier.onnx");
        var changed = set with { Version = "9.9.9" };
        var e = Assert.Throws<ModelSdkException>(() => ModelOutputWriter.Write(changed, p.OutputDirectory));
        Assert.Equal(ErrorCodes.OutputWriteFailed, e.Code);
        Assert.EndsWith("classifier.onnx", e.File);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), Tree(p.OutputDirectory));
        foreach (var (file, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(p.OutputDirectory, file)));
        }
    }

    [Fact]
    public void A_folder_in_the_way_is_MODEL0022_and_leaves_no_temp_files()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        Directory.CreateDirectory(Path.Combine(p.OutputDirectory, "serving.yaml", "x"));
        var e = Assert.Throws<ModelSdkException>(() => ModelOutputWriter.Write(set, p.OutputDirectory));
        Assert.Equal(ErrorCodes.OutputWriteFailed, e.Code);
        Assert.Equal(Path.Combine(p.OutputDirectory, "serving.yaml"), e.File);
        Assert.DoesNotContain(Tree(p.OutputDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_reader_errors_surface_through_the_compiler()
    {
        using var p = new TestProject();
        BrokenFiles.Text(p.Path("model.onnx"));
        var result = ModelProjectCompiler.Compile(p.Spec(new ModelItemSpec { File = "model.onnx" }));
        Assert.Contains(result.Diagnostics, d => d.Code == ErrorCodes.ModelFileCorrupt);
        Assert.Null(result.Contracts);
    }

    [Fact]
    public void Missing_external_data_is_MODEL0020()
    {
        using var p = new TestProject();
        new OnnxModelBuilder()
            .ExternalInitializer("w", OnnxElementType.Float, [2], "gone.bin", null)
            .Input("a", OnnxElementType.Float, OnnxType.Shape(2))
            .Output("b", OnnxElementType.Float, OnnxType.Shape(2))
            .Save(p.Path("model.onnx"));
        var result = ModelProjectCompiler.Compile(p.Spec(new ModelItemSpec { File = "model.onnx" }));
        Assert.Contains(result.Diagnostics, d => d.Code == ErrorCodes.ExternalDataMissing);
        Assert.Null(result.Contracts);
    }
}
