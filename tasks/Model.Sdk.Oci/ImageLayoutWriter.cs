namespace ModelSdk.Oci;

/// <summary>
/// Writes an image as an OCI image layout directory. The layout is assembled in a temporary sibling folder and
/// moved into place, so the target is either the previous image or the complete new one, never half of either.
/// </summary>
public static class ImageLayoutWriter
{
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
            Annotations =
                spec.Tags.Count > 0 ? new Dictionary<string, string> { [Annotations.RefName] = spec.Tags[0] } : null,
        };
        layout.WriteIndex([manifest]);
        cache.Save();
        return new ImageResult(manifest.Digest, manifest.Size, configDescriptor.Digest, layers, reused);
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
