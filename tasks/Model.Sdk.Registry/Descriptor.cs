using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelSdk.Registry;

/// <summary>An OCI content descriptor: what a manifest or index says about a blob or a child manifest.</summary>
public sealed record Descriptor(string MediaType, string Digest, long Size, Platform? Platform = null)
{
    private static readonly Regex Sha256 = new("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant);

    public static bool IsValidDigest(string digest) => Sha256.IsMatch(digest);

    public static string DigestOf(ReadOnlySpan<byte> bytes) =>
        "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>The digest part after "sha256:".</summary>
    public string Hex => Digest["sha256:".Length..];

    internal static Descriptor Parse(JsonElement element, string where)
    {
        var mediaType = element.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "";
        var digest = element.TryGetProperty("digest", out var d) ? d.GetString() ?? "" : "";
        long size = element.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
        if (!IsValidDigest(digest) || size < 0)
        {
            throw new FormatException($"{where} has a descriptor without a sha256 digest and a size");
        }
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(
                p.TryGetProperty("os", out var os) ? os.GetString() ?? "" : "",
                p.TryGetProperty("architecture", out var arch) ? arch.GetString() ?? "" : "",
                p.TryGetProperty("variant", out var v) ? v.GetString() : null
            );
        }
        return new Descriptor(mediaType, digest, size, platform);
    }
}

/// <summary>An image platform, e.g. linux/amd64 or linux/arm64/v8.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");

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
