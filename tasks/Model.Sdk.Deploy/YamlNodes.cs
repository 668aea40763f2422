using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelSdk.Deploy;

/// <summary>A YAML value: a mapping (keys in insertion order), a sequence or a scalar.</summary>
public abstract class YamlValue
{
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static implicit operator YamlValue?(string? text) =>
        text is null ? null : new YamlScalar(text, quotedIfAmbiguous: true);

    public static implicit operator YamlValue(long number) =>
        new YamlScalar(number.ToString(CultureInfo.InvariantCulture), quotedIfAmbiguous: false);

    public static implicit operator YamlValue(bool value) => new YamlScalar(value ? "true" : "false", false);
}

/// <summary>A string (plain when it reads back as the same string, else double-quoted) or a number/boolean.</summary>
public sealed class YamlScalar(string text, bool quotedIfAmbiguous) : YamlValue
{
    public string Text { get; } = text;
    public bool IsString { get; } = quotedIfAmbiguous;
}

public sealed class YamlSequence : YamlValue
{
    public List<YamlValue> Items { get; } = [];

    public YamlSequence Add(YamlValue item)
    {
        Items.Add(item);
        return this;
    }
}

public sealed class YamlMapping : YamlValue
{
    public List<KeyValuePair<string, YamlValue>> Entries { get; } = [];

    /// <summary>Written as <c>{}</c> when empty instead of being left out (e.g. <c>emptyDir: {}</c>).</summary>
    public bool KeepWhenEmpty { get; init; }

    public bool IsEmpty => Entries.Count == 0 && !KeepWhenEmpty;

    /// <summary>Adds the entry unless the value is null or an empty mapping/sequence (Kubernetes' omitempty).</summary>
    public YamlMapping Add(string key, YamlValue? value)
    {
        if (value is null or YamlMapping { IsEmpty: true } or YamlSequence { Items.Count: 0 })
        {
            return this;
        }
        Entries.Add(KeyValuePair.Create(key, value));
        return this;
    }

    public YamlMapping Add(string key, long? value) => value is { } number ? Add(key, (YamlValue)number) : this;

    public static YamlMapping From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new YamlMapping();
        foreach (var (key, value) in pairs)
        {
            map.Add(key, value);
        }
        return map;
    }
}

/// <summary>
/// Writes documents with YamlDotNet's emitter: block style, two-space indent, '\n' line ends, no line folding, and
/// strings quoted whenever a YAML 1.1 or 1.2 reader could take them for anything but a string.
/// </summary>
public static partial class YamlText
{
    public static string Write(IReadOnlyList<YamlMapping> documents, IEnumerable<string> headerComments)
    {
        var text = new StringBuilder();
        foreach (var comment in headerComments)
        {
            text.Append("# ").Append(comment).Append('\n');
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, newLine: "\n"));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return text.Append(writer.ToString().Replace("\r\n", "\n")).ToString();
    }

    private static void Emit(IEmitter emitter, YamlValue value)
    {
        switch (value)
        {
            case YamlScalar scalar:
                var style = scalar.IsString && !IsPlainSafe(scalar.Text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
                emitter.Emit(new Scalar(null, null, scalar.Text, style, true, true));
                break;
            case YamlSequence sequence:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                sequence.Items.ForEach(item => Emit(emitter, item));
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMapping mapping:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, item) in mapping.Entries)
                {
                    Emit(emitter, (YamlValue)key);
                    Emit(emitter, item);
                }
                emitter.Emit(new MappingEnd());
                break;
        }
    }

    /// <summary>Plain only for strings that start with a letter, '_' or '/', hold no space or indicator that
    /// matters, and are none of YAML 1.1's booleans or null (so "on", "yes", "1.0", "500m" are quoted).</summary>
    public static bool IsPlainSafe(string text) => PlainPattern().IsMatch(text) && !Reserved.Contains(text);

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y",
        "n",
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "null",
    };

    [GeneratedRegex("^[A-Za-z_/][A-Za-z0-9_./:@-]*(?<!:)$")]
    private static partial Regex PlainPattern();
}
