using System.Text;
using ModelRuntime.Predict;

namespace ModelRuntime.Tests.Predict;

public sealed class JsonlFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jsonl-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lines_longer_than_the_read_window_and_across_its_edges_come_back_whole_in_order()
    {
        // 1 MiB window: lines of up to 1.5 MiB, and enough of them that most windows end inside a line.
        var random = new Random(7);
        var lines = Enumerable
            .Range(0, 40)
            .Select(i => $"[\"{new string((char)('a' + i % 26), random.Next(1, i % 7 == 0 ? 1_500_000 : 300_000))}\"]")
            .ToArray();
        var path = Path.Combine(_dir, "big.jsonl");
        File.WriteAllText(path, string.Join('\n', lines));

        using var file = JsonlFile.Open(path);

        Assert.Equal(Enumerable.Range(1, 40), file.Lines.Select(l => l.Number));
        Assert.Equal(lines, file.Lines.Select(l => Encoding.UTF8.GetString(file.Read(l).Span)));
    }

    [Fact]
    public void Blank_lines_are_skipped_numbers_count_them_and_crlf_and_a_last_line_without_newline_work()
    {
        var path = Path.Combine(_dir, "mixed.jsonl");
        File.WriteAllText(path, "[1]\r\n\r\n  \t\n{\"a\": 2}\n\n[3]");

        using var file = JsonlFile.Open(path);

        Assert.Equal([1, 4, 6], file.Lines.Select(l => l.Number));
        Assert.Equal(
            ["[1]\r", "{\"a\": 2}", "[3]"],
            file.Lines.Select(l => Encoding.UTF8.GetString(file.Read(l).Span))
        );
    }

    [Fact]
    public void An_empty_file_has_no_lines()
    {
        var path = Path.Combine(_dir, "empty.jsonl");
        File.WriteAllText(path, "");
        using var file = JsonlFile.Open(path);
        Assert.Empty(file.Lines);
    }
}
