using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.Spec;

/// <summary>
/// An OCI content descriptor: what a manifest or index says about a blob or a child manifest. The optional fields
/// cover index entries (platform, ref.name annotation) and artifacts (artifactType) alike.
/// </summary>
public sealed record Descriptor(string MediaType, string Digest, long Size, Platform? Platform = null)
{
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public string? ArtifactType { get; init; }

    /// <summary>The digest part after "sha256:".</summary>
    public string Hex => Spec.Digest.Hex(Digest);

    public static Descriptor Parse(JsonElement element, string where)
    {
        var mediaType = element.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "";
        var digest = element.TryGetProperty("digest", out var d) ? d.GetString() ?? "" : "";
        long size = element.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
        if (!Spec.Digest.IsValid(digest) || size < 0)
        {
            throw new FormatException($"{where} has a descriptor without a sha256 digest and a size");
        }
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(Text(p, "os") ?? "", Text(p, "architecture") ?? "", Text(p, "variant"));
        }
        return new Descriptor(mediaType, digest, size, platform)
        {
            Annotations = OciJson.ReadAnnotations(element),
            ArtifactType = Text(element, "artifactType"),
        };
    }

    /// <summary>The JSON form, fields in the order Model.Sdk has always written them (digests depend on it).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["mediaType"] = MediaType };
        if (ArtifactType is not null)
        {
            json["artifactType"] = ArtifactType;
        }
        json["digest"] = Digest;
        json["size"] = Size;
        if (Annotations is { Count: > 0 })
        {
            json["annotations"] = OciJson.Annotations(Annotations);
        }
        if (Platform is not null)
        {
            json["platform"] = new JsonObject { ["architecture"] = Platform.Architecture, ["os"] = Platform.Os };
            if (Platform.Variant is not null)
            {
                json["platform"]!["variant"] = Platform.Variant;
            }
        }
        return json;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
