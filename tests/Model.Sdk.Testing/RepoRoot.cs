namespace ModelSdk.Testing;

/// <summary>The repository checkout the tests run from (the folder holding Model.Sdk.sln).</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Model.Sdk.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Model.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
