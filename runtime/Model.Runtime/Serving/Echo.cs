namespace ModelRuntime.Serving;

/// <summary>Client-supplied names as they are quoted back in error messages: at most 64 characters.</summary>
public static class Echo
{
    public const int MaxLength = 64;

    public static string Of(string? text)
    {
        if (text is null)
            return "";
        if (text.Length <= MaxLength)
            return text;
        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return $"{text[..cut]}... ({text.Length} characters)";
    }
}
