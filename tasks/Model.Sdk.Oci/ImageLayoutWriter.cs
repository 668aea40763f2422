using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// Writes an image as an OCI image layout directory. The layout is assembled in a temporary sibling folder and
/// moved into place, so the target is either the previous image or the complete new one, never half of either.
/// </summary>
public static class ImageLayoutWriter
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <param name="spec">The image.</param>
    /// <param name="layoutDirectory">Target layout directory (replaced).</param>
    /// <param name="cacheDirectory">Layer cache kept between builds (e.g. under obj/).</param>
    public static ImageResult Write(ImageSpec spec, string layoutDirectory, string cacheDirectory)
    {
        foreach (var tag in spec.Tags)
        {
            ImageNames.ValidateTag(tag);
        }
        var baseImage = string.IsNullOrEmpty(spec.BaseLayoutDirectory)
            ? BaseImage.Scratch(spec.Platform)
            : BaseImage.Open(spec.BaseLayoutDirectory, spec.Platform);
        var target = Path.GetFullPath(layoutDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temp);
            var layout = new OciLayout(temp);
            Directory.CreateDirectory(layout.BlobDirectory);
            var result = WriteInto(spec, baseImage, layout, new LayerCache(cacheDirectory));
            MoveIntoPlace(temp, target);
            return result;
        }
        catch (IOException e)
        {
            throw Unwritable(target, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Unwritable(target, e);
        }
        finally
        {
            AtomicDirectory.TryDelete(temp);
        }
    }

    private static ImageResult WriteInto(ImageSpec spec, BaseImage baseImage, OciLayout layout, LayerCache cache)
    {
        var mtime = spec.SourceDateEpoch ?? 0;
        var layers = new List<LayerDescriptor>();
        foreach (var baseLayer in baseImage.Layers)
        {
            Hardlink.LinkOrCopy(baseImage.Layout!.BlobPath(baseLayer.Digest), layout.BlobPath(baseLayer.Digest));
            layers.Add(baseLayer);
        }
        var reused = 0;
        foreach (var layerSpec in spec.Layers)
        {
            var key = LayerCache.Key(layerSpec, spec.Compression, mtime);
            var layer = cache.TryGet(key);
            if (layer is null)
            {
                layer = LayerWriter.Write(layerSpec, spec.Compression, mtime, cache.BlobDirectory);
                cache.Add(key, layer);
            }
            else
            {
                reused++;
            }
            Hardlink.LinkOrCopy(cache.BlobPath(layer.Digest), layout.BlobPath(layer.Digest));
            layers.Add(layer);
        }

        var config = ImageConfigBuilder.Build(baseImage, spec, layers);
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString(Json));
        var configDigest = WriteBlob(layout, configBytes);

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Annotations)
        {
            annotations[key] = value;
        }
        if (baseImage.ManifestDigest is { } baseDigest)
        {
            annotations["org.opencontainers.image.base.digest"] = baseDigest;
        }
        if (spec.BaseName is { Length: > 0 } baseName)
        {
            annotations["org.opencontainers.image.base.name"] = baseName;
        }
        if (ImageConfigBuilder.Created(spec.SourceDateEpoch) is { } created)
        {
            annotations["org.opencontainers.image.created"] = created;
        }
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor(MediaTypes.OciConfig, configDigest, configBytes.Length),
            ["layers"] = new JsonArray(
                layers.Select(l => (JsonNode?)Descriptor(l.MediaType, l.Digest, l.Size)).ToArray()
            ),
            ["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(Json));
        var manifestDigest = WriteBlob(layout, manifestBytes);

        var descriptor = Descriptor(MediaTypes.OciManifest, manifestDigest, manifestBytes.Length);
        if (spec.Tags.Count > 0)
        {
            descriptor["annotations"] = new JsonObject { [RefNameAnnotation] = spec.Tags[0] };
        }
        descriptor["platform"] = new JsonObject
        {
            ["architecture"] = (string?)config["architecture"],
            ["os"] = (string?)config["os"],
        };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(descriptor),
        };
        File.WriteAllText(Path.Combine(layout.Root, "index.json"), index.ToJsonString(Json));
        File.WriteAllText(Path.Combine(layout.Root, "oci-layout"), OciLayout.LayoutFileContent);
        cache.Save();
        return new ImageResult(manifestDigest, manifestBytes.Length, configDigest, layers, reused);
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new()
        {
            ["mediaType"] = mediaType,
            ["digest"] = digest,
            ["size"] = size,
        };

    private static string WriteBlob(OciLayout layout, byte[] bytes)
    {
        var digest = Digest.Of(bytes);
        File.WriteAllBytes(layout.BlobPath(digest), bytes);
        return digest;
    }

    private static void MoveIntoPlace(string temp, string target)
    {
        if (File.Exists(target))
        {
            throw new ModelSdkException(
                ErrorCodes.ImageOutputUnwritable,
                $"'{target}' is a file, but the image layout needs a directory there. Delete the file and build again.",
                target
            );
        }
        AtomicDirectory.Replace(temp, target);
    }

    private static ModelSdkException Unwritable(string target, Exception e) =>
        new(
            ErrorCodes.ImageOutputUnwritable,
            $"Could not write the image to '{target}': {e.Message}. Free disk space or fix the permissions of the output folder, then build again.",
            target,
            inner: e
        );
}
