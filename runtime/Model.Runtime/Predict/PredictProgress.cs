using System.Diagnostics;
using System.Globalization;

namespace ModelRuntime.Predict;

/// <summary>
/// Progress on stdout: a bar redrawn in place with rate and ETA on a terminal, a plain line every few seconds when
/// the output goes to a file or a CI log.
/// </summary>
public sealed class PredictProgress(int total, int skipped, TextWriter writer, bool terminal)
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BarEvery = TimeSpan.FromMilliseconds(200);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _shown = Stopwatch.GetTimestamp();
    private int _done;
    private int _failed;

    public void Add(int done, int failed)
    {
        _done += done;
        _failed += failed;
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_shown, now) < (terminal ? BarEvery : PlainEvery))
            return;
        _shown = now;
        Show();
    }

    public void Finish(string summary)
    {
        Show();
        if (terminal)
            writer.WriteLine();
        writer.WriteLine(summary);
    }

    private void Show()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var rate = seconds > 0 ? _done / seconds : 0;
        var at = skipped + _done;
        var left = total - at;
        var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Ceiling(left / rate)) : (TimeSpan?)null;
        var percent = total == 0 ? 100 : at * 100 / total;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{at}/{total} ({percent}%), {rate:0.0} items/s, ETA {(eta is { } e ? e.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?")}, {_failed} failed"
        );
        if (!terminal)
        {
            writer.WriteLine($"predict: {text}");
            return;
        }
        const int width = 30;
        var filled = total == 0 ? width : (int)((long)at * width / total);
        writer.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {text}  ");
        writer.Flush();
    }
}
