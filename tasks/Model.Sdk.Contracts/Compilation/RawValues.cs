using System.Globalization;

namespace ModelSdk.Contracts.Compilation;

/// <summary>Parses the raw strings MSBuild hands over, invariantly, reporting MODEL0010/MODEL0021 on bad input.</summary>
internal sealed class RawValues(string projectFile, DiagnosticBag bag)
{
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(
            text.Trim(),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture,
            out value
        ) && double.IsFinite(value);

    public bool? Bool(string? raw, string property)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (TryParseBool(raw, out var value))
        {
            return value;
        }
        bag.Error(ErrorCodes.InvalidBoolean, $"{property} is '{raw}'; set it to true or false.", projectFile);
        return null;
    }

    public long? NonNegativeInteger(string? raw, string property)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        bag.Error(ErrorCodes.InvalidNumber, $"{property} is '{raw}'; set it to a whole number >= 0.", projectFile);
        return null;
    }

    public double? NonNegativeNumber(string? raw, string property)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (TryParseNumber(raw, out var value) && value >= 0)
        {
            return value;
        }
        bag.Error(ErrorCodes.InvalidNumber, $"{property} is '{raw}'; set it to a number >= 0 (e.g. 0.5).", projectFile);
        return null;
    }

    public double? PositiveNumber(string? raw, string property)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (TryParseNumber(raw, out var value) && value > 0)
        {
            return value;
        }
        bag.Error(
            ErrorCodes.InvalidNumber,
            $"{property} is '{raw}'; set it to a number > 0 (e.g. 0.007843).",
            projectFile
        );
        return null;
    }
}
