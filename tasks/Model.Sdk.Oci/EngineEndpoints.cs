namespace ModelSdk.Oci;

/// <summary>An engine API address to try, and why it is a candidate (for the error that lists what was tried).</summary>
public sealed record EngineEndpoint(Uri Uri, string Source)
{
    /// <summary>The socket file of a unix:// address, else null.</summary>
    public string? SocketPath => Uri.Scheme == "unix" ? Uri.AbsolutePath : null;

    public override string ToString() => $"{Uri} ({Source})";
}

/// <summary>
/// Where the Docker Engine API of LocalRegistry answers: LocalRegistryHost when set, else DOCKER_HOST (and, for
/// Podman, CONTAINER_HOST), else the engine's default sockets. Pure: the environment comes in as a function.
/// </summary>
public static class EngineEndpoints
{
    public static IReadOnlyList<EngineEndpoint> For(string tool, string? host, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(host))
        {
            return [Parse(host.Trim(), "LocalRegistryHost")];
        }
        var variables = tool == "podman" ? new[] { "CONTAINER_HOST", "DOCKER_HOST" } : ["DOCKER_HOST"];
        foreach (var variable in variables)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                return [Parse(value.Trim(), variable)];
            }
        }
        var runtime = environment("XDG_RUNTIME_DIR");
        var sockets =
            tool == "podman"
                ? new[]
                {
                    runtime is { Length: > 0 } ? $"{runtime}/podman/podman.sock" : null,
                    "/run/podman/podman.sock",
                }
                : ["/var/run/docker.sock", runtime is { Length: > 0 } ? $"{runtime}/docker.sock" : null];
        return sockets
            .Where(s => s is not null)
            .Distinct()
            .Select(s => new EngineEndpoint(new Uri("unix://" + s), $"{tool}'s default socket"))
            .ToList();
    }

    /// <summary>unix:///path, tcp://host:port or http(s)://; ssh:// and other schemes need the CLI.</summary>
    public static EngineEndpoint Parse(string address, string source)
    {
        if (
            Uri.TryCreate(address, UriKind.Absolute, out var uri)
            && uri.Scheme is "unix" or "tcp" or "http" or "https"
            && (uri.Scheme != "unix" || uri.AbsolutePath.Length > 1)
        )
        {
            return new EngineEndpoint(uri, source);
        }
        throw new ModelSdkException(
            ErrorCodes.LocalEngineSettingInvalid,
            $"{source} '{address}' is not an engine API address Model.Sdk can use. Use unix:///path/to/engine.sock or tcp://host:port; for ssh:// or Docker contexts set LocalRegistryClient=Cli to load through the CLI."
        );
    }
}
