using ModelSdk.Contracts;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelSdk.Contracts.Tests.Support;

/// <summary>A model project folder in a temp directory: write files into it, build a spec, compile it.</summary>
public sealed class TestProject : IDisposable
{
    private readonly TempDirectory _dir = new("contracts");

    public TestProject(string name = "faces")
    {
        Name = name;
        ProjectFile = _dir.Combine(name + ".modelproj");
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Model.Sdk\" />\n");
    }

    public string Name { get; }
    public string Directory => _dir.Path;
    public string ProjectFile { get; }

    public string Path(params string[] parts) => _dir.Combine(parts);

    public string Write(string relative, string text)
    {
        var full = _dir.Combine(relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>A placeholder model file (tests that hand in an <see cref="OnnxModelInfo"/> never read it).</summary>
    public string Model(string relative = "model.onnx") => Write(relative, "placeholder weights\n");

    public ProjectSpec Spec(params ModelItemSpec[] models) =>
        new()
        {
            ProjectFile = ProjectFile,
            ProjectDirectory = Directory,
            Name = Name,
            Models = models,
        };

    /// <summary>A spec with one model item for model.onnx (created).</summary>
    public ProjectSpec OneModel(string? labels = null, string? contract = null, string? purpose = null)
    {
        Model();
        return Spec(
            new ModelItemSpec
            {
                File = "model.onnx",
                Labels = labels,
                Contract = contract,
                Purpose = purpose,
            }
        );
    }

    public string OutputDirectory => _dir.Combine("bin", "model");

    public void Dispose() => _dir.Dispose();
}
