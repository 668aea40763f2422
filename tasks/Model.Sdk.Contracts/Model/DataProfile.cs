namespace ModelSdk.Contracts;

/// <summary>Hydrosphere's DataProfileType, numbered as on the wire (hydro-serving-protos 2.x data_profile_types.proto).</summary>
public enum DataProfile
{
    None = 0,
    Categorical = 1,
    Nominal = 11,
    Ordinal = 12,
    Numerical = 2,
    Continuous = 21,
    Interval = 22,
    Ratio = 23,
    Image = 3,
    Video = 4,
    Audio = 5,
    Text = 6,
}

public static class DataProfiles
{
    public static IEnumerable<string> Names => Enum.GetNames<DataProfile>().Select(n => n.ToLowerInvariant());

    public static bool TryParse(string text, out DataProfile profile)
    {
        foreach (var value in Enum.GetValues<DataProfile>())
        {
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                profile = value;
                return true;
            }
        }
        profile = default;
        return false;
    }

    public static string Name(this DataProfile profile) => profile.ToString().ToLowerInvariant();
}
