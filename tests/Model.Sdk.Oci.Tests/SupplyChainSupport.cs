using System.Text.Json.Nodes;
using Json.Schema;
using ModelSdk.Oci.SupplyChain;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>
/// A [Fact] that needs the default base's .deb files and component list (eng/build-base-image.sh, run by
/// eng/pack.sh and eng/test.sh): skipped locally when they are absent, never skipped in CI (CI=true).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BaseArtifactsFactAttribute : FactAttribute
{
    public BaseArtifactsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !SupplyChainFiles.HaveBaseArtifacts)
        {
            Skip =
                $"No {SupplyChainFiles.DebDirectory} or {SupplyChainFiles.ComponentsFile}: run eng/build-base-image.sh (eng/pack.sh runs it).";
        }
    }
}

public static class SupplyChainFiles
{
    public static string DebDirectory => Path.Combine(RepoRoot.Path, "artifacts", "base-image-debs");

    public static string ComponentsFile =>
        Path.Combine(RepoRoot.Path, "artifacts", "base-image", BaseComponents.FileNameFor("linux-x64"));

    public static bool HaveBaseArtifacts => Directory.Exists(DebDirectory) && File.Exists(ComponentsFile);

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    /// <summary>The CycloneDX 1.6 schema errors of an SBOM (empty when it is valid).</summary>
    public static List<string> SchemaErrors(byte[] sbom)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        var result = Schema.Value.Evaluate(JsonNode.Parse(sbom), options);
        return result.IsValid
            ? []
            : (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
                .ToList();
    }

    private static JsonSchema LoadSchema()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "cyclonedx-1.6");
        foreach (var referenced in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
        {
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, referenced)));
            SchemaRegistry.Global.Register(new Uri($"http://cyclonedx.org/schema/{referenced}"), schema);
        }
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, "bom-1.6.schema.json")));
    }

    /// <summary>The artifacts referrers.json lists beside index.json: (artifactType, manifest).</summary>
    public static List<(string ArtifactType, JsonObject Manifest)> Artifacts(OciLayout layout)
    {
        var path = Path.Combine(layout.Root, ReferrerAttacher.ReferrersFile);
        if (!File.Exists(path))
        {
            return [];
        }
        return (JsonNode.Parse(File.ReadAllBytes(path))!["manifests"] as JsonArray ?? [])
            .Select(m => ((string)m!["artifactType"]!, layout.ReadJsonBlob((string)m["digest"]!)))
            .ToList();
    }

    /// <summary>The document (the one layer) of the artifact of that type.</summary>
    public static byte[] Document(OciLayout layout, string artifactType) =>
        layout.ReadBlob(
            (string)Artifacts(layout).Single(a => a.ArtifactType == artifactType).Manifest["layers"]![0]!["digest"]!
        );
}
