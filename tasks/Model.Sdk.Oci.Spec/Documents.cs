using System.Text.Json.Nodes;

namespace ModelSdk.Oci.Spec;

/// <summary>
/// Writes the two OCI documents: an image (or artifact) manifest and an index. Fields come in a fixed order, so the
/// same content always gives the same bytes.
/// </summary>
public static class Documents
{
    /// <summary>An image manifest; with <paramref name="artifactType"/> and/or <paramref name="subject"/> an artifact or referrer.</summary>
    public static JsonObject Manifest(
        Descriptor config,
        IEnumerable<Descriptor> layers,
        IEnumerable<KeyValuePair<string, string>> annotations,
        string? artifactType = null,
        Descriptor? subject = null
    )
    {
        var json = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciManifest };
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }
        json["config"] = config.ToJson();
        json["layers"] = new JsonArray(layers.Select(l => (JsonNode?)l.ToJson()).ToArray());
        if (subject is not null)
        {
            json["subject"] = subject.ToJson();
        }
        json["annotations"] = OciJson.Annotations(annotations);
        return json;
    }

    /// <summary>An image index of any number of manifests (one per platform, or artifacts beside an image).</summary>
    public static JsonObject Index(IEnumerable<Descriptor> manifests) =>
        new()
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(manifests.Select(m => (JsonNode?)m.ToJson()).ToArray()),
        };
}
