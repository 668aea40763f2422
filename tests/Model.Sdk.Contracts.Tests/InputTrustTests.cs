using System.Diagnostics;
using ModelSdk.Testing;

namespace ModelSdk.Contracts.Tests;

/// <summary>Inputs that lead out of the project through links, or are not regular files (issue #8, items 6 and 7).</summary>
public sealed class InputTrustTests
{
    [Fact]
    public void A_labels_link_to_a_file_outside_the_project_is_MODEL0030_naming_link_and_target()
    {
        using var p = new TestProject();
        using var outside = new TempDirectory("outside");
        var secret = outside.Combine("secret.txt");
        File.WriteAllText(secret, "root:x:0:0\n");
        p.Model();
        File.CreateSymbolicLink(p.Path("labels.txt"), secret);

        var error = SingleError(Compile(p, labels: "labels.txt"), ErrorCodes.InputOutsideProject);

        Assert.Contains(p.Path("labels.txt"), error.Message);
        Assert.Contains(secret, error.Message);
    }

    [Fact]
    public void A_file_reached_through_a_linked_folder_outside_the_project_is_MODEL0030()
    {
        using var p = new TestProject();
        using var outside = new TempDirectory("outside");
        File.WriteAllText(outside.Combine("labels.txt"), "a\n");
        p.Model();
        Directory.CreateSymbolicLink(p.Path("data"), outside.Path);

        var error = SingleError(Compile(p, labels: "data/labels.txt"), ErrorCodes.InputOutsideProject);

        Assert.Contains(p.Path("data"), error.Message);
        Assert.Contains(outside.Path, error.Message);
    }

    [Fact]
    public void Links_inside_the_project_and_paths_written_outside_it_are_accepted()
    {
        using var p = new TestProject();
        using var outside = new TempDirectory("outside");
        File.WriteAllText(outside.Combine("shared.txt"), "a\n");
        p.Model();
        p.Write("real/labels.txt", "a\n");
        File.CreateSymbolicLink(p.Path("labels.txt"), p.Path("real", "labels.txt"));

        Assert.DoesNotContain(Compile(p, labels: "labels.txt").Diagnostics, d => d.Code.StartsWith("MODEL003"));
        Assert.DoesNotContain(
            Compile(p, labels: outside.Combine("shared.txt")).Diagnostics,
            d => d.Code.StartsWith("MODEL003")
        );
    }

    [Fact]
    public void External_data_linked_out_of_the_model_folder_is_MODEL0030()
    {
        using var p = new TestProject();
        using var outside = new TempDirectory("outside");
        File.WriteAllBytes(outside.Combine("weights.bin"), new byte[8]);
        File.CreateSymbolicLink(p.Path("weights.bin"), outside.Combine("weights.bin"));
        new OnnxModelBuilder()
            .ExternalInitializer("w", OnnxElementType.Float, [2], "weights.bin", null)
            .Input("a", OnnxElementType.Float, OnnxType.Shape(2))
            .Output("b", OnnxElementType.Float, OnnxType.Shape(2))
            .Save(p.Path("model.onnx"));

        var result = ModelProjectCompiler.Compile(p.Spec(new ModelItemSpec { File = "model.onnx" }));

        var error = SingleError(result, ErrorCodes.InputOutsideProject);
        Assert.Contains(outside.Combine("weights.bin"), error.Message);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("labels")]
    public async Task A_fifo_is_MODEL0031_and_is_never_opened(string which)
    {
        using var p = new TestProject();
        p.Model();
        p.Write("labels.txt", "a\n");
        var fifo = p.Path(which == "model" ? "model.onnx" : "labels.txt");
        File.Delete(fifo);
        ProcessRunner.Run("mkfifo", [fifo], p.Directory).EnsureSuccess("mkfifo");

        var clock = Stopwatch.StartNew();
        // The real reader for the model: before the check, opening the FIFO blocked forever.
        var compile = Task.Run(() =>
            which == "model"
                ? ModelProjectCompiler.Compile(p.Spec(new ModelItemSpec { File = "model.onnx", Labels = "labels.txt" }))
                : Compile(p, labels: "labels.txt")
        );
        var finished = await Task.WhenAny(compile, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == compile, "compiling a project with a FIFO input hangs");

        var error = SingleError(await compile, ErrorCodes.InputNotRegularFile);
        Assert.Contains("FIFO", error.Message);
        Assert.Contains(fifo, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_character_device_listed_explicitly_is_reported_as_a_device()
    {
        using var p = new TestProject();
        var result = ModelProjectCompiler.Compile(p.Spec(new ModelItemSpec { File = "/dev/zero" }));

        var error = SingleError(result, ErrorCodes.InputNotRegularFile);
        Assert.Contains("character device", error.Message);
        Assert.DoesNotContain("0 bytes", error.Message);
    }

    private static CompileResult Compile(TestProject p, string labels) =>
        ModelProjectCompiler.Compile(
            p.Spec(new ModelItemSpec { File = "model.onnx", Labels = labels }),
            FakeOnnx.Returns(FakeOnnx.Classifier())
        );

    private static Diagnostic SingleError(CompileResult result, string code)
    {
        Assert.Null(result.Contracts);
        return Assert.Single(result.Diagnostics, d => d.Code == code);
    }
}
