namespace ModelRuntime;

public static class ServerInfo
{
    public const string Name = "model-runtime";

    public static string Version { get; } = typeof(ServerInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
