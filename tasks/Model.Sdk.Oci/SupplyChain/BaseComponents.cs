using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// What a base image is made of, written beside its OCI layout when the base is built (eng/build-base-image.sh):
/// the platform and CycloneDX 1.6 component objects (Debian packages, the .NET runtime packs, NuGet packages).
/// The SDK package embeds it with the base, so builds list the base's contents without reading its layers.
/// </summary>
public sealed record BaseComponents(Platform Platform, IReadOnlyList<JsonObject> Components)
{
    /// <summary>
    /// The file name inside the base layout folder of a single-platform base; a multi-platform base has one
    /// <see cref="FileNameFor"/> per platform (the targets pick up <c>model-sdk-components*.json</c>).
    /// </summary>
    public const string FileName = "model-sdk-components.json";

    /// <summary>The list of one platform's image in the base layout folder, e.g. model-sdk-components.linux-arm64.json.</summary>
    public static string FileNameFor(string runtimeIdentifier) => $"model-sdk-components.{runtimeIdentifier}.json";

    public static BaseComponents Read(string path)
    {
        try
        {
            var root =
                JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new FormatException("not an object");
            var platform = Platform.Parse((string?)root["platform"] ?? throw new FormatException("no platform"));
            var components = (root["components"] as JsonArray ?? throw new FormatException("no components"))
                .Select(c => c as JsonObject ?? throw new FormatException("a component is not an object"))
                .Select(c => (JsonObject)c.DeepClone())
                .ToList();
            return new BaseComponents(platform, components);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or InvalidOperationException)
        {
            throw new ModelSdkException(
                ErrorCodes.SbomComponentsInvalid,
                $"The base image's component list '{path}' is not usable ({e.Message}). It is written by eng/build-base-image.sh; pack the SDK again, or delete the file to build SBOMs without the base's packages.",
                path,
                inner: e
            );
        }
    }

    /// <summary>Sorted by bom-ref, so the same packages always give the same bytes.</summary>
    public byte[] ToBytes()
    {
        var json = new JsonObject
        {
            ["platform"] = Platform.ToString(),
            ["components"] = new JsonArray(
                Components
                    .OrderBy(c => (string?)c["bom-ref"], StringComparer.Ordinal)
                    .Select(c => (JsonNode?)c.DeepClone())
                    .ToArray()
            ),
        };
        return System.Text.Encoding.UTF8.GetBytes(
            json.ToJsonString(new JsonSerializerOptions(OciJson.Options) { WriteIndented = true }) + "\n"
        );
    }
}
