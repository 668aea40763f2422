using System.Diagnostics;
using System.Text.Json;

namespace ModelRuntime.Statistics;

/// <summary>A count and a total duration in nanoseconds (the statistics extension's $duration_stat).</summary>
public sealed class DurationStat
{
    private long _count;
    private long _ns;

    public long Count => Interlocked.Read(ref _count);
    public long Ns => Interlocked.Read(ref _ns);

    public void Add(long ns)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ns, Math.Max(0, ns));
    }

    public void AddTicks(long stopwatchTicks) => Add(ToNs(stopwatchTicks));

    public static long ToNs(long stopwatchTicks) => (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    public void Write(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("count", Count);
        writer.WriteNumber("ns", Ns);
        writer.WriteEndObject();
    }
}
