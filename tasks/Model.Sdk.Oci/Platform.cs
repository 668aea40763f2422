namespace ModelSdk.Oci;

/// <summary>The OS and architecture an image runs on, e.g. linux/amd64.</summary>
public sealed record Platform(string Os, string Architecture)
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

    public override string ToString() => $"{Os}/{Architecture}";
}
