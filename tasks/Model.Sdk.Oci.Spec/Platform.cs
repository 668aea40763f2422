namespace ModelSdk.Oci.Spec;

/// <summary>The OS and architecture (and variant) an image runs on, e.g. linux/amd64 or linux/arm64/v8.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");

    /// <summary>Maps a .NET runtime identifier (linux-x64, linux-arm64) to an OCI platform.</summary>
    public static Platform FromRuntimeIdentifier(string? rid)
    {
        if (string.IsNullOrWhiteSpace(rid))
        {
            return LinuxAmd64;
        }
        return rid.Trim() switch
        {
            "linux-x64" => LinuxAmd64,
            "linux-arm64" => new("linux", "arm64"),
            "linux-arm" => new("linux", "arm"),
            _ => throw new ModelSdkException(
                ErrorCodes.ContainerRuntimeIdentifierInvalid,
                $"'{rid}' is not a supported ContainerRuntimeIdentifier. Use linux-x64 (the default), linux-arm64 or linux-arm."
            ),
        };
    }

    /// <summary>os/architecture[/variant].</summary>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length switch
        {
            2 => new Platform(parts[0], parts[1]),
            3 => new Platform(parts[0], parts[1], parts[2]),
            _ => throw new ModelSdkException(
                ErrorCodes.InvalidImageReference,
                $"'{text}' is not a platform. Write it as os/architecture[/variant], e.g. linux/amd64."
            ),
        };
    }

    /// <summary>Matches os and architecture; the variant only when this platform names one (arm64 defaults to v8).</summary>
    public bool Matches(Platform? other) =>
        other is not null
        && other.Os == Os
        && other.Architecture == Architecture
        && (Variant is null || Variant == (other.Variant ?? (other.Architecture == "arm64" ? "v8" : null)));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
