namespace ModelSdk.Contracts.Declared;

/// <summary>
/// Finds where a YAML syntax error starts, for the messages of MODEL0011. YamlDotNet reports an unclosed bracket at
/// the end of the stream, a tab at the start of the enclosing mapping, and some errors with no position at all
/// (InvalidOperationException from its scanner); this finds the tab's line, or the line of the bracket or quote
/// that is never closed. It only runs on text YamlDotNet has already refused.
/// </summary>
internal static class YamlSyntaxLocator
{
    public sealed record Problem(int Line, string Text);

    public static Problem? FirstTabIndent(string yaml)
    {
        var lines = Lines(yaml);
        for (var i = 0; i < lines.Length; i++)
        {
            var body = lines[i].TrimStart(' ', '\t');
            if (body.Length > 0 && lines[i][..(lines[i].Length - body.Length)].Contains('\t'))
            {
                return new(i + 1, $"line {i + 1} is indented with a tab; YAML indents with spaces only");
            }
        }
        return null;
    }

    public static Problem? FirstUnclosed(string yaml)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var quote = '\0';
        var quoteLine = 0;
        var lines = Lines(yaml);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var valueStart = true;
            for (var j = 0; j < line.Length; j++)
            {
                var c = line[j];
                if (quote != '\0')
                {
                    quote = InsideQuote(line, ref j, quote);
                    continue;
                }
                if (c == '#' && (j == 0 || line[j - 1] is ' ' or '\t'))
                {
                    break;
                }
                if (c is ' ' or '\t')
                {
                    continue;
                }
                if ((open.Count > 0 || valueStart) && c is '[' or '{')
                {
                    open.Push((c, i + 1));
                    continue;
                }
                if ((open.Count > 0 || valueStart) && c is '"' or '\'')
                {
                    (quote, quoteLine) = (c, i + 1);
                    continue;
                }
                if (c is ']' or '}' && (open.Count > 0 || valueStart))
                {
                    if (open.Count == 0 || open.Pop().Bracket != (c == ']' ? '[' : '{'))
                    {
                        return new(i + 1, $"the '{c}' on line {i + 1} closes no bracket");
                    }
                    continue;
                }
                var next = j + 1 < line.Length ? line[j + 1] : ' ';
                valueStart = open.Count > 0 ? c is ',' or ':' : c is ':' or '-' && next is ' ' or '\t';
            }
        }
        if (quote != '\0')
        {
            return new(quoteLine, $"the quote {quote} on line {quoteLine} is never closed");
        }
        return open.Count > 0
            ? new(open.Last().Line, $"the '{open.Last().Bracket}' on line {open.Last().Line} is never closed")
            : null;
    }

    /// <summary>Steps over one character of a quoted scalar; returns the quote still open, or '\0' when it closes.</summary>
    private static char InsideQuote(string line, ref int j, char quote)
    {
        var c = line[j];
        var doubled = j + 1 < line.Length && line[j + 1] == '\'';
        if (c == '\\' && quote == '"' || c == '\'' && quote == '\'' && doubled)
        {
            j++; // an escape or '' inside single quotes
            return quote;
        }
        return c == quote ? '\0' : quote;
    }

    private static string[] Lines(string yaml) => yaml.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
}
