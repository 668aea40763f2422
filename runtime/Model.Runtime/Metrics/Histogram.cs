using System.Globalization;
using System.Text;

namespace ModelRuntime.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds; thread-safe.</summary>
public sealed class Histogram(double[] bounds)
{
    private readonly long[] _counts = new long[bounds.Length + 1];
    private double _sum;
    private long _count;
    private readonly object _gate = new();

    public void Observe(double value)
    {
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
            i++;
        lock (_gate)
        {
            _counts[i]++;
            _sum += value;
            _count++;
        }
    }

    public void Write(StringBuilder text, string name, string labels)
    {
        lock (_gate)
        {
            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += _counts[i];
                text.Append(
                    CultureInfo.InvariantCulture,
                    $"{name}_bucket{{{labels},le=\"{bounds[i].ToString(CultureInfo.InvariantCulture)}\"}} {cumulative}\n"
                );
            }
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"+Inf\"}} {_count}\n");
            text.Append(
                CultureInfo.InvariantCulture,
                $"{name}_sum{{{labels}}} {_sum.ToString("R", CultureInfo.InvariantCulture)}\n"
            );
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {_count}\n");
        }
    }
}
