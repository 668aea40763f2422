using System.Text;
using System.Text.Json;

namespace ModelSdk.Contracts.Tests;

/// <summary>A labels file is one label per line: only terminators and a BOM go, whitespace and empty labels stay.</summary>
public sealed class LabelsFileTests
{
    // PP-OCR's ppocr_keys_v1.txt has U+3000 IDEOGRAPHIC SPACE as a label; a space and an empty line are labels too.
    private const string Text = "\uFEFFa\r\n\u3000\n \n\nb \r\nc\n";
    private static readonly string[] Expected = ["a", "\u3000", " ", "", "b ", "c"];

    [Fact]
    public void Whitespace_and_empty_lines_are_labels_and_the_final_newline_is_not()
    {
        using var p = new TestProject();
        File.WriteAllBytes(p.Path("labels.txt"), Encoding.UTF8.GetBytes(Text));

        Assert.Equal(Expected, Compilation.LabelsFile.Read(p.Path("labels.txt")));
    }

    [Fact]
    public void Count_contract_card_and_copied_file_agree_with_the_class_dimension()
    {
        using var p = new TestProject();
        File.WriteAllBytes(p.Path("labels.txt"), Encoding.UTF8.GetBytes(Text));
        var spec = p.OneModel(labels: "labels.txt", purpose: "Classification");

        var result = ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier(Expected.Length)));
        var contracts = Assertions.Succeeded(result);
        Assert.Empty(result.Diagnostics);
        ModelOutputWriter.Write(contracts, p.OutputDirectory);

        // The runtime reads the copied file with File.ReadAllLines.
        Assert.Equal(Expected, File.ReadAllLines(Path.Combine(p.OutputDirectory, "labels.txt")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(p.OutputDirectory, "contract.json")));
        var labels = json.RootElement.GetProperty("modelDetails")[0].GetProperty("labels");
        Assert.Equal(Expected.Length, labels.GetProperty("count").GetInt32());
        Assert.Contains(
            $"- Labels: {Expected.Length}\n",
            File.ReadAllText(Path.Combine(p.OutputDirectory, "README.md"))
        );
    }

    [Fact]
    public void A_blank_line_label_is_counted_for_MODEL0902()
    {
        using var p = new TestProject();
        p.Write("labels.txt", "a\n\u3000\nb\n");
        var spec = p.OneModel(labels: "labels.txt", purpose: "Classification");

        var result = ModelProjectCompiler.Compile(spec, FakeOnnx.Returns(FakeOnnx.Classifier(4)));

        Assert.Contains("3 labels", Assertions.SingleWarning(result, ErrorCodes.FewerLabelsThanClasses).Message);
    }
}
