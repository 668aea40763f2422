using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>A model project on disk, created from the aimodel template, that a test edits and builds.</summary>
public sealed class ModelProject
{
    private readonly SdkFeed _feed;

    private ModelProject(SdkFeed feed, string directory, string name)
    {
        _feed = feed;
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }
    public string Name { get; }
    public string ProjectFile => Path.Combine(Directory, Name + ".modelproj");
    public string OutputDirectory => Path.Combine(Directory, "bin", "Release");
    public string ModelDirectory => Path.Combine(OutputDirectory, "model");
    public string ImageDirectory => Path.Combine(OutputDirectory, "image");

    public static ModelProject FromTemplate(SdkFeed feed, string name, params string[] options)
    {
        var dir = Path.Combine(feed.NewDirectory(name), name);
        feed.New(feed.Work, ["aimodel", "-n", name, "-o", dir, .. options]).EnsureSuccess("dotnet new aimodel");
        return new ModelProject(feed, dir, name);
    }

    /// <summary>A project written from scratch: the given XML inside a Project element that pins the packed SDK.</summary>
    public static ModelProject Create(SdkFeed feed, string name, string body)
    {
        var dir = Path.Combine(feed.NewDirectory(name), name);
        System.IO.Directory.CreateDirectory(dir);
        var version = System
            .Xml.Linq.XDocument.Load(Path.Combine(RepoRoot.Path, "eng", "Version.props"))
            .Descendants("ModelSdkVersion")
            .Single()
            .Value;
        File.WriteAllText(
            Path.Combine(dir, name + ".modelproj"),
            $"<Project Sdk=\"Model.Sdk/{version}\">\n{body}\n</Project>\n"
        );
        return new ModelProject(feed, dir, name);
    }

    public ProcessResult Build(params string[] extra) => _feed.Build(ProjectFile, ["-c", "Release", .. extra]);

    public string Path_(string relative) => Path.Combine(Directory, relative);

    public void Write(string relative, string text) => File.WriteAllText(Path_(relative), text);

    /// <summary>Inserts MSBuild XML just before the closing Project tag.</summary>
    public void AddToProject(string xml)
    {
        var text = File.ReadAllText(ProjectFile);
        File.WriteAllText(ProjectFile, text.Replace("</Project>", xml + "\n</Project>"));
    }

    public void RemoveFromProject(string xml)
    {
        var text = File.ReadAllText(ProjectFile);
        Assert.Contains(xml, text);
        File.WriteAllText(ProjectFile, text.Replace(xml, ""));
    }

    public void SetProperty(string name, string value) =>
        AddToProject($"  <PropertyGroup><{name}>{value}</{name}></PropertyGroup>");

    public JsonDocument ReadContract() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelDirectory, "contract.json")));
}
