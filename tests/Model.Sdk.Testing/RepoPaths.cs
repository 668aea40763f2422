namespace ModelSdk.Testing;

/// <summary>Locates the repository from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Model.Sdk.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Model.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
