namespace ModelSdk.Oci;

/// <summary>
/// Writes an image (or an index of one image per platform) as an OCI image layout directory. The layout is assembled in a temporary sibling folder and
/// moved into place, so the target is either the previous image or the complete new one, never half of either.
/// </summary>
public static class ImageLayoutWriter
{
    /// <param name="spec">The image.</param>
    /// <param name="layoutDirectory">Target layout directory (replaced).</param>
    /// <param name="cacheDirectory">Layer cache kept between builds (e.g. under obj/).</param>
    public static ImageResult Write(ImageSpec spec, string layoutDirectory, string cacheDirectory)
    {
        var baseImage = OpenBase(spec);
        return WriteLayout(
            spec.Tags,
            layoutDirectory,
            (layout, cache) =>
            {
                var (result, manifest) = WriteImage(spec, baseImage, layout, cache);
                layout.WriteIndex([manifest with { Annotations = RefName(spec.Tags) }]);
                return result;
            },
            cacheDirectory
        );
    }

    /// <summary>
    /// Writes one image per spec (one per platform) and an image index of their manifests, each descriptor with its
    /// platform; index.json names the index. Layers with the same content (the model layers) are stored once.
    /// </summary>
    public static ImageIndexResult WriteIndex(
        IReadOnlyList<ImageSpec> specs,
        IReadOnlyList<string> tags,
        string layoutDirectory,
        string cacheDirectory
    )
    {
        var bases = specs.Select(OpenBase).ToList();
        return WriteLayout(
            tags,
            layoutDirectory,
            (layout, cache) =>
            {
                var images = specs.Select((spec, i) => WriteImage(spec, bases[i], layout, cache)).ToList();
                var index = layout.WriteBlob(
                    MediaTypes.OciIndex,
                    OciJson.Bytes(Documents.Index(images.Select(i => i.Manifest)))
                );
                layout.WriteIndex([index with { Annotations = RefName(tags) }]);
                return new ImageIndexResult(
                    index.Digest,
                    index.Size,
                    images.Select(i => new PlatformImage(i.Manifest.Platform!, i.Result)).ToList()
                );
            },
            cacheDirectory
        );
    }

    private static BaseImage OpenBase(ImageSpec spec) =>
        string.IsNullOrEmpty(spec.BaseLayoutDirectory)
            ? BaseImage.Scratch(spec.Platform)
            : BaseImage.Open(spec.BaseLayoutDirectory, spec.Platform);

    private static Dictionary<string, string>? RefName(IReadOnlyList<string> tags) =>
        tags.Count > 0 ? new Dictionary<string, string> { [Annotations.RefName] = tags[0] } : null;

    /// <summary>Writes into a temporary sibling folder, then moves it into place (see the class summary).</summary>
    private static T WriteLayout<T>(
        IReadOnlyList<string> tags,
        string layoutDirectory,
        Func<OciLayout, LayerCache, T> write,
        string cacheDirectory
    )
    {
        foreach (var tag in tags)
        {
            ImageNames.ValidateTag(tag);
        }
        var target = Path.GetFullPath(layoutDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temp);
            var layout = new OciLayout(temp);
            Directory.CreateDirectory(layout.BlobDirectory);
            var cache = new LayerCache(cacheDirectory);
            var result = write(layout, cache);
            cache.Save();
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

    private static (ImageResult Result, Descriptor Manifest) WriteImage(
        ImageSpec spec,
        BaseImage baseImage,
        OciLayout layout,
        LayerCache cache
    )
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
        var configDescriptor = layout.WriteBlob(MediaTypes.OciConfig, OciJson.Bytes(config));
        var manifestBytes = OciJson.Bytes(
            Documents.Manifest(
                configDescriptor,
                layers.Select(l => new Descriptor(l.MediaType, l.Digest, l.Size)),
                ManifestAnnotations(spec, baseImage)
            )
        );
        var manifest = layout.WriteBlob(MediaTypes.OciManifest, manifestBytes) with
        {
            Platform = new Platform((string?)config["os"] ?? "", (string?)config["architecture"] ?? ""),
        };
        return (new ImageResult(manifest.Digest, manifest.Size, configDescriptor.Digest, layers, reused), manifest);
    }

    private static Dictionary<string, string> ManifestAnnotations(ImageSpec spec, BaseImage baseImage)
    {
        var annotations = new Dictionary<string, string>(spec.Annotations, StringComparer.Ordinal);
        if (baseImage.ManifestDigest is { } baseDigest)
        {
            annotations[Annotations.BaseDigest] = baseDigest;
        }
        if (spec.BaseName is { Length: > 0 } baseName)
        {
            annotations[Annotations.BaseName] = baseName;
        }
        if (ImageConfigBuilder.Created(spec.SourceDateEpoch) is { } created)
        {
            annotations[Annotations.Created] = created;
        }
        return annotations;
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
