using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ModelRuntime.Predict;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests.Predict;

public sealed class PredictCommandTests : IDisposable
{
    private static readonly string[] Records =
    [
        "[1, 2, 3, 4]",
        "{\"input\": [0.5, 0, -1, 2]}",
        "[1, 2, 3]",
        "",
        "[0, 0, 0, 0]",
        "not json",
        "[4, 3, 2, 1]",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("predict-command-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Stdout, string Stderr)> Run(string contract, params string[] args)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MODEL_CONTRACT"] = contract })
            .Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await PredictCommand.RunAsync(args, config, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Contract(int maxBatchSize) =>
        ContractFolder.Write(new TestModel("linear", TestOnnx.LinearClassifier(), MaxBatchSize: maxBatchSize));

    private string WriteRecords()
    {
        var path = Path.Combine(_dir, "records.jsonl");
        File.WriteAllLines(path, Records);
        return path;
    }

    [Fact]
    public async Task Records_bad_lines_are_recorded_with_their_error_and_the_exit_code_is_1()
    {
        var output = Path.Combine(_dir, "p.jsonl");
        var (code, stdout, _) = await Run(Contract(4), WriteRecords(), "--output", output);

        Assert.Equal(PredictCommand.ItemsFailed, code);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([1, 2, 3, 5, 6, 7], lines.Select(l => l.GetProperty("id").GetInt32()));
        var failed = lines
            .Where(l => l.GetProperty("error").ValueKind != JsonValueKind.Null)
            .Select(l => l.GetProperty("id").GetInt32());
        Assert.Equal([3, 6], failed);
        Assert.All(
            lines.Where(l => l.GetProperty("error").ValueKind == JsonValueKind.Null),
            l =>
                Assert.Equal(
                    3,
                    l.GetProperty("prediction").EnumerateArray().Count(p => p.TryGetProperty("score", out _))
                )
        );
        Assert.Contains("2 failed", stdout);
    }

    [Fact]
    public async Task Predictions_do_not_depend_on_the_batch_size()
    {
        var records = WriteRecords();
        var contract = Contract(4);
        var one = Path.Combine(_dir, "one.jsonl");
        var four = Path.Combine(_dir, "four.jsonl");
        await Run(contract, records, "--output", one, "--batch-size", "1");
        await Run(contract, records, "--output", four);
        Assert.Equal(File.ReadAllText(one), File.ReadAllText(four));
    }

    [Fact]
    public async Task A_rerun_skips_what_is_there_and_redoes_a_cut_off_last_line()
    {
        var records = WriteRecords();
        var contract = Contract(2);
        var full = Path.Combine(_dir, "full.jsonl");
        await Run(contract, records, "--output", full);
        var text = File.ReadAllText(full);
        var cut = Path.Combine(_dir, "cut.jsonl");
        var secondLineEnd = text.IndexOf('\n', text.IndexOf('\n') + 1);
        File.WriteAllText(cut, text[..(secondLineEnd + 10)]);

        var (code, stdout, _) = await Run(contract, records, "--output", cut);

        Assert.Equal(PredictCommand.ItemsFailed, code);
        Assert.Contains("2 already in", stdout);
        Assert.Equal(text, File.ReadAllText(cut));
        var (again, _, _) = await Run(contract, records, "--output", cut);
        Assert.Equal(PredictCommand.ItemsFailed, again);
        Assert.Equal(text, File.ReadAllText(cut));
    }

    [Fact]
    public async Task All_good_items_exit_0()
    {
        var path = Path.Combine(_dir, "good.jsonl");
        File.WriteAllLines(path, ["[1, 2, 3, 4]", "[4, 3, 2, 1]"]);
        var (code, _, _) = await Run(Contract(0), path, "--output", Path.Combine(_dir, "p.jsonl"));
        Assert.Equal(PredictCommand.Ok, code);
    }

    [Theory]
    [InlineData("--output", "p.jsonl")]
    [InlineData("records.jsonl")]
    [InlineData("records.jsonl", "--output", "p.jsonl", "--batch-size", "0")]
    [InlineData("records.jsonl", "--output", "p.jsonl", "--bogus")]
    [InlineData("missing-folder", "--output", "p.jsonl")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        WriteRecords();
        var rooted = args.Select(a =>
                a.Contains('.') || a.StartsWith("missing", StringComparison.Ordinal) ? Path.Combine(_dir, a) : a
            )
            .ToArray();
        var (code, _, stderr) = await Run(Contract(0), rooted);
        Assert.Equal(PredictCommand.UsageError, code);
        Assert.Contains("usage: predict", stderr);
    }
}
