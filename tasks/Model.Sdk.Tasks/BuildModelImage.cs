using System.Globalization;
using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>
/// Adapter: the .NET SDK container properties in, <see cref="ModelImageBuilder"/> out. Writes the OCI layout and the
/// digest file; the archive and the load are WriteModelImageArchive's and LoadModelImage's.
/// </summary>
public sealed class BuildModelImage : ModelSdkTask
{
    [Required]
    public string ModelDirectory { get; set; } = "";

    /// <summary>The .modelproj: errors about properties point at it, and the build message names it.</summary>
    public string? ProjectFile { get; set; }

    [Required]
    public string LayoutDirectory { get; set; } = "";

    [Required]
    public string DigestFile { get; set; } = "";

    [Required]
    public string CacheDirectory { get; set; } = "";

    public string? ContainerBaseImage { get; set; }

    /// <summary>Where the SDK package's embedded base image should be (named in MODEL0119 when it is missing).</summary>
    public string? DefaultBaseImage { get; set; }

    /// <summary>ModelImageWithoutBase: the user asks for an image with no base, hence no runtime and no entrypoint.</summary>
    public bool AllowNoBaseImage { get; set; }
    public string? ContainerRegistry { get; set; }

    [Required]
    public string ContainerRepository { get; set; } = "";

    /// <summary>ComputeModelImageConfiguration defaults it to Version.</summary>
    public string? ContainerImageTags { get; set; }

    /// <summary>ContainerPort items (ComputeModelImageConfiguration's defaults included): Include is the number, Type tcp or udp.</summary>
    public ITaskItem[] ContainerPorts { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items: Include is the name, Value metadata the value.</summary>
    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];

    /// <summary>ContainerLabel items: Include is the key, Value metadata the value.</summary>
    public ITaskItem[] ContainerLabels { get; set; } = [];

    public string? ContainerUser { get; set; }
    public string? ContainerWorkingDirectory { get; set; }
    public string? ContainerLayerCompression { get; set; }
    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>ContainerRuntimeIdentifiers: two or more make an image index of one image per platform.</summary>
    public string? ContainerRuntimeIdentifiers { get; set; }

    public string[] ContainerInsecureRegistries { get; set; } = [];
    public string? ContainerLargeFileThreshold { get; set; }

    /// <summary>Seconds since 1970; empty uses the SOURCE_DATE_EPOCH environment variable, else a fixed epoch.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>The lock file shared with BuildModelContract (see <see cref="BuildLock"/>).</summary>
    public string? LockFile { get; set; }

    /// <summary>ModelBuildLockTimeout: seconds to wait for another build holding <see cref="LockFile"/>.</summary>
    public string? LockTimeout { get; set; }

    [Output]
    public string ManifestDigest { get; private set; } = "";

    /// <summary>repository:tag for every tag (with ContainerRegistry in front when set).</summary>
    [Output]
    public string[] ImageNames { get; private set; } = [];

    protected override void Run()
    {
        try
        {
            var what = $"{Path.GetFileNameWithoutExtension(ProjectFile ?? "model")} ({LayoutDirectory})";
            using var held = BuildLocks.Acquire(LockFile, LockTimeout, what, Log);
            AtomicDirectory.SweepSiblings(LayoutDirectory); // what a killed build left beside the layout
            Build();
        }
        catch (ModelSdkException e) when (e.File is null && ProjectFile is not null)
        {
            throw new ModelSdkException(e.Code, e.Message, ProjectFile, 0, e);
        }
    }

    private void Build()
    {
        if (NullIfEmpty(ContainerBaseImage) is null && !AllowNoBaseImage)
        {
            throw new ModelSdkException(
                ErrorCodes.NoBaseImage,
                $"There is no base image: ContainerBaseImage is not set and this Model.Sdk package has no embedded base image (no {Path.Combine(DefaultBaseImage ?? "base-image", "index.json")}), so the image would have no serving runtime and no entrypoint. Use a Model.Sdk package packed by eng/pack.sh (which embeds the base), or set ContainerBaseImage to an OCI layout, OCI archive or registry reference; set ModelImageWithoutBase to true only if you want an image without an entrypoint."
            );
        }
        var outcome = ModelImageBuilder.Build(Request());
        ManifestDigest = outcome.Digest;
        ImageNames = outcome.RepositoryTags.ToArray();
        AtomicFile.WriteAllText(DigestFile, ManifestDigest + "\n");
        var reused = outcome.Image.LayersReused;
        // ModelReportOutputs prints the digest and the archive on every build; this adds what only a run knows.
        Log.LogMessage(
            MessageImportance.Normal,
            $"{Path.GetFileNameWithoutExtension(ProjectFile ?? "model")} -> image {ManifestDigest} ({string.Join(", ", ImageNames)}) in {LayoutDirectory}{(reused > 0 ? $", {reused} layer(s) reused" : "")}"
        );
        if (outcome.IndexDigest is not null)
        {
            foreach (var image in outcome.Images)
            {
                Log.LogMessage(MessageImportance.Normal, $"  {image.Platform}: {image.Image.ManifestDigest}");
            }
        }
    }

    private ModelImageRequest Request() =>
        new()
        {
            ModelDirectory = ModelDirectory,
            BaseImage = NullIfEmpty(ContainerBaseImage),
            LayoutDirectory = LayoutDirectory,
            CacheDirectory = CacheDirectory,
            Repository = ContainerRepository.Trim(),
            Registry = NullIfEmpty(ContainerRegistry),
            Tags = SplitList(ContainerImageTags),
            Ports = ContainerPorts
                .Select(p => Meta(p, "Type") is { } type ? $"{p.ItemSpec}/{type}" : p.ItemSpec)
                .ToList(),
            User = NullIfEmpty(ContainerUser),
            WorkingDirectory = NullIfEmpty(ContainerWorkingDirectory),
            Environment = ContainerEnvironmentVariables
                .Select(i => KeyValuePair.Create(i.ItemSpec, i.GetMetadata("Value")))
                .ToList(),
            Labels = ContainerLabels
                .GroupBy(i => i.ItemSpec, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value"), StringComparer.Ordinal),
            Compression = Compression(),
            LargeFileThreshold = Threshold(),
            SourceDateEpoch = ReadSourceDateEpoch(SourceDateEpoch, ErrorCodes.ImagePropertyInvalid, ""),
            RequireEntrypoint = !AllowNoBaseImage,
            RuntimeIdentifier = NullIfEmpty(ContainerRuntimeIdentifier),
            RuntimeIdentifiers = SplitList(ContainerRuntimeIdentifiers),
            InsecureRegistries = ContainerInsecureRegistries.Select(r => r.Trim()).Where(r => r.Length > 0).ToArray(),
        };

    private LayerCompression Compression() =>
        (NullIfEmpty(ContainerLayerCompression) ?? "none").ToLowerInvariant() switch
        {
            "none" => LayerCompression.None,
            "gzip" => LayerCompression.Gzip,
            var other => throw new ModelSdkException(
                ErrorCodes.LayerCompressionInvalid,
                $"ContainerLayerCompression '{other}' is not supported. Use 'none' (the default: model weights barely compress) or 'gzip'."
            ),
        };

    private long Threshold() =>
        NullIfEmpty(ContainerLargeFileThreshold) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : throw new ModelSdkException(
                    ErrorCodes.ImagePropertyInvalid,
                    $"ContainerLargeFileThreshold '{text}' is not a number of bytes. Use e.g. 16777216 (16 MiB)."
                )
            : ModelFolderLayers.DefaultLargeFileThreshold;

    private static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
