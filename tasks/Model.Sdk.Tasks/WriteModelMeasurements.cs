using Microsoft.Build.Framework;
using ModelSdk.Samples;

namespace ModelSdk.Tasks;

/// <summary>
/// Adapter for <see cref="Measurements"/>: writes the package readme (the model card plus a "Measured" section)
/// and/or annotates an OCI layout's index.json with the measured numbers.
/// </summary>
public sealed class WriteModelMeasurements : ModelSdkTask
{
    [Required]
    public string MeasurementsFile { get; set; } = "";

    public string? ModelCard { get; set; }

    public string? PackageReadme { get; set; }

    public string? ImageIndex { get; set; }

    protected override void Run()
    {
        var measured = Measurements.Read(MeasurementsFile);
        if (!string.IsNullOrEmpty(PackageReadme) && !string.IsNullOrEmpty(ModelCard))
        {
            var text = File.ReadAllText(ModelCard!).TrimEnd('\n') + "\n" + measured.CardSection();
            Directory.CreateDirectory(Path.GetDirectoryName(PackageReadme!)!);
            if (!File.Exists(PackageReadme!) || File.ReadAllText(PackageReadme!) != text)
                AtomicFile.WriteAllText(PackageReadme!, text);
        }
        if (!string.IsNullOrEmpty(ImageIndex) && File.Exists(ImageIndex!))
            LayoutAnnotations.Add(ImageIndex!, measured.Annotations());
    }
}
