using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRuntime.Typed.Outputs;

public readonly record struct Rgb(byte R, byte G, byte B);

/// <summary>Segmentation colours: the colors file's, else the PASCAL VOC colour map (deterministic, any size).</summary>
public static partial class Palette
{
    /// <summary>
    /// Reads a colors file: one colour per line, for class 0, 1, ... in order, written as three numbers 0–255
    /// (R,G,B; separated by commas, spaces or semicolons, brackets allowed, e.g. <c>128,64,0</c> or
    /// <c>(128, 64, 0)</c>) or as <c>#RRGGBB</c>. Empty lines are skipped; other lines are refused with their number.
    /// </summary>
    public static IReadOnlyList<Rgb> Parse(IEnumerable<string> lines)
    {
        var colors = new List<Rgb>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            colors.Add(
                ParseColor(line)
                    ?? throw new FormatException(
                        $"colors file line {number} ('{line}') is not a colour: write R,G,B (0-255) or #RRGGBB"
                    )
            );
        }
        return colors;
    }

    private static Rgb? ParseColor(string line)
    {
        if (
            line.StartsWith('#')
            && line.Length == 7
            && int.TryParse(line[1..], NumberStyles.HexNumber, null, out var hex)
        )
            return new Rgb((byte)(hex >> 16), (byte)(hex >> 8), (byte)hex);
        var parts = Separators().Split(line.Trim('(', ')', '[', ']', ' ')).Where(p => p.Length > 0).ToArray();
        if (parts.Length != 3)
            return null;
        var values = new byte[3];
        for (var i = 0; i < 3; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                return null;
        }
        return new Rgb(values[0], values[1], values[2]);
    }

    /// <summary>Class <paramref name="index"/>'s colour: from <paramref name="colors"/> when it has one, else PASCAL VOC's.</summary>
    public static Rgb Color(IReadOnlyList<Rgb> colors, int index) =>
        index >= 0 && index < colors.Count ? colors[index] : Voc(index);

    /// <summary>The PASCAL VOC colour map: class 0 black, 1 (128,0,0), 2 (0,128,0), 3 (128,128,0), ...</summary>
    public static Rgb Voc(int index)
    {
        int r = 0,
            g = 0,
            b = 0;
        var c = Math.Max(0, index);
        for (var shift = 7; shift >= 0 && c > 0; shift--, c >>= 3)
        {
            r |= (c & 1) << shift;
            g |= ((c >> 1) & 1) << shift;
            b |= ((c >> 2) & 1) << shift;
        }
        return new Rgb((byte)r, (byte)g, (byte)b);
    }

    [GeneratedRegex(@"[\s,;]+")]
    private static partial Regex Separators();
}
