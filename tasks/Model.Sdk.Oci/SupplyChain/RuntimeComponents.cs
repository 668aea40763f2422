using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// CycloneDX components for the serving runtime, from the deps.json of its publish: the .NET runtime packs
/// (runtimepack.*) and every NuGet package (with its SHA-512), ONNX Runtime among them. The runtime is published
/// with NativeAOT, so deps.json lists what was compiled in, not files in /app.
/// </summary>
public static class RuntimeComponents
{
    public static List<JsonObject> FromDepsJson(string depsJsonPath)
    {
        JsonObject libraries;
        try
        {
            libraries =
                JsonNode.Parse(File.ReadAllBytes(depsJsonPath))?["libraries"] as JsonObject
                ?? throw new FormatException("it has no 'libraries' object");
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            throw new ModelSdkException(
                ErrorCodes.SbomInputUnreadable,
                $"The runtime's deps.json '{depsJsonPath}' could not be read ({e.Message}). Publish the runtime again (eng/publish-runtime.sh).",
                depsJsonPath,
                inner: e
            );
        }
        var components = new List<JsonObject>();
        foreach (var (key, value) in libraries)
        {
            var type = (string?)value?["type"];
            var slash = key.IndexOf('/');
            var (name, version) = (key[..slash], key[(slash + 1)..]);
            if (type == "runtimepack")
            {
                components.Add(Package(name["runtimepack.".Length..], version, null, "runtime pack"));
            }
            else if (type == "package")
            {
                components.Add(Package(name, version, (string?)value?["sha512"], null));
            }
        }
        return components;
    }

    private static JsonObject Package(string name, string version, string? sha512, string? what)
    {
        var purl = $"pkg:nuget/{name}@{version}";
        var component = new JsonObject
        {
            ["type"] = "library",
            ["bom-ref"] = purl,
            ["name"] = name,
            ["version"] = version,
        };
        if (sha512 is { } text && text.StartsWith("sha512-", StringComparison.Ordinal))
        {
            var hex = Convert.ToHexString(Convert.FromBase64String(text["sha512-".Length..])).ToLowerInvariant();
            component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-512", ["content"] = hex });
        }
        component["purl"] = purl;
        if (what is not null)
        {
            component["description"] = ".NET " + what;
        }
        return component;
    }
}
