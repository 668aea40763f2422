using System.Globalization;
using Microsoft.Build.Framework;
using ModelSdk.Deploy;

namespace ModelSdk.Tasks;

/// <summary>
/// Adapter: project properties and items in, <see cref="DeployManifests"/> out (kubernetes.yaml, kserve.yaml,
/// kserve-modelcar.yaml). The image is the pushed digest when there is one, else the local build's.
/// </summary>
public sealed class WriteModelManifests : ModelSdkTask
{
    [Required]
    public string ProjectFile { get; set; } = "";

    [Required]
    public string ContractFile { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";

    public string ModelName { get; set; } = "";
    public string Version { get; set; } = "";
    public string? DeployName { get; set; }
    public string? Namespace { get; set; }
    public string? ServiceType { get; set; }
    public string? MaxReplicas { get; set; }
    public string? TargetCpuUtilization { get; set; }

    /// <summary>registry/repository when pushed, else the bare repository.</summary>
    [Required]
    public string ImageRepository { get; set; } = "";

    /// <summary>ContainerImageTags; the first one is named beside the digest.</summary>
    public string[] ImageTags { get; set; } = [];

    /// <summary>A file holding the digest (the pushed one when <see cref="Pushed"/>, else bin/C/image.digest).</summary>
    public string? ImageDigestFile { get; set; }
    public bool Pushed { get; set; }
    public ITaskItem[] ContainerPorts { get; set; } = [];
    public string? ContainerUser { get; set; }
    public ITaskItem[] Labels { get; set; } = [];
    public ITaskItem[] Annotations { get; set; } = [];
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    [Output]
    public ITaskItem[] Files { get; private set; } = [];

    protected override void Run()
    {
        var ports = ContainerPorts.Select(p => p.ItemSpec.Split('/')[0]).ToList();
        var request = new DeployRequest
        {
            ProjectFile = ProjectFile,
            ContractFile = ContractFile,
            ModelName = ModelName,
            Version = Version,
            Name = NullIfEmpty(DeployName),
            Namespace = NullIfEmpty(Namespace),
            ServiceType = NullIfEmpty(ServiceType),
            MaxReplicas = NullIfEmpty(MaxReplicas),
            TargetCpuUtilization = NullIfEmpty(TargetCpuUtilization),
            ImageRepository = ImageRepository.Trim(),
            ImageTag = ImageTags.Select(t => t.Trim()).FirstOrDefault(t => t.Length > 0) ?? Version,
            ImageDigest = ReadDigest(),
            Pushed = Pushed,
            RestPort = Port(ports, 0, 8080),
            GrpcPort = Port(ports, 1, 8081),
            User = NullIfEmpty(ContainerUser),
            Labels = Pairs(Labels),
            Annotations = Pairs(Annotations),
            Environment = Pairs(EnvironmentVariables),
        };
        var written = DeployManifests.Write(request, OutputDirectory);
        Files = written.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f)).ToArray();
        var where = Pushed
            ? request.ImageRepository + "@" + request.ImageDigest
            : "the local image " + request.ImageDigest;
        Log.LogMessage(MessageImportance.High, $"{ModelName} -> deployment manifests {OutputDirectory} ({where})");
    }

    private string ReadDigest() =>
        ImageDigestFile is { Length: > 0 } file && File.Exists(file) ? File.ReadAllText(file).Trim() : "";

    private static int Port(List<string> ports, int index, int fallback) =>
        index < ports.Count && int.TryParse(ports[index], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : fallback;

    private static List<KeyValuePair<string, string>> Pairs(ITaskItem[] items) =>
        items.Select(i => KeyValuePair.Create(i.ItemSpec.Trim(), i.GetMetadata("Value"))).ToList();
}
