using Docker.DotNet;
using Docker.DotNet.Models;

namespace ModelSdk.Oci;

/// <summary>An engine that can load straight from the OCI layout, with no archive file in between.</summary>
public interface ILayoutLoader
{
    void LoadLayout(
        string layoutDirectory,
        string scratchDirectory,
        string imageId,
        IReadOnlyList<string> repositoryTags
    );
}

/// <summary>
/// Docker, or Podman's Docker-compatible service, through the Docker Engine API (Docker.DotNet): the image tar is
/// streamed to POST /images/load while it is written, the engine's messages and the bytes sent are reported, the
/// whole load has a timeout, and every name is tagged. Podman is daemonless, so when no Podman socket answers and the
/// podman CLI is installed, <paramref name="fallback"/> (the CLI) loads instead; Docker has no such fallback.
/// </summary>
public sealed class ApiLocalEngine(
    string name,
    string tool,
    IReadOnlyList<EngineEndpoint> endpoints,
    TimeSpan timeout,
    Action<string> log,
    ILocalEngine? fallback = null
) : ILocalEngine, ILayoutLoader
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public string Name { get; } = name;

    public void Load(string archivePath, string imageId, IReadOnlyList<string> repositoryTags)
    {
        repositoryTags = Names(repositoryTags);
        using var client = Connect();
        if (client is null)
        {
            fallback!.Load(archivePath, imageId, repositoryTags);
            return;
        }
        using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Send(client, file, () => file.Position, imageId, repositoryTags);
    }

    public void LoadLayout(
        string layoutDirectory,
        string scratchDirectory,
        string imageId,
        IReadOnlyList<string> repositoryTags
    )
    {
        repositoryTags = Names(repositoryTags);
        using var client = Connect();
        if (client is null)
        {
            log($"  no {tool} API socket answered ({string.Join(", ", endpoints)}); loading with the {tool} CLI");
            LocalEngineLoader.LoadThroughArchive(fallback!, layoutDirectory, scratchDirectory, imageId, repositoryTags);
            return;
        }
        using var pipe = new StreamingPipe();
        var writer = Task.Run(() =>
        {
            try
            {
                OciArchiveWriter.WriteTo(pipe.Writer, layoutDirectory, repositoryTags);
                pipe.Complete();
            }
            catch (Exception e)
            {
                pipe.Complete(e);
                throw;
            }
        });
        try
        {
            Send(client, pipe.Reader, () => pipe.Writer.Position, imageId, repositoryTags);
            writer.GetAwaiter().GetResult();
        }
        finally
        {
            pipe.CloseReader();
            // After a load failure the writer only stopped early; its own failures reach the reader.
            try
            {
                writer.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException) { }
        }
    }

    /// <summary>The first endpoint that answers a ping; null when none does and there is a fallback.</summary>
    private DockerClient? Connect()
    {
        var tried = new List<string>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.SocketPath is { } socket && !File.Exists(socket))
            {
                tried.Add($"{endpoint} - no socket there");
                continue;
            }
            var client = new DockerClientConfiguration(endpoint.Uri, null, timeout + PingTimeout).CreateClient();
            try
            {
                using var ping = new CancellationTokenSource(PingTimeout);
                client.System.PingAsync(ping.Token).GetAwaiter().GetResult();
                log($"  loading into {Name} through its API at {endpoint.Uri}");
                return client;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                tried.Add($"{endpoint} - {e.GetBaseException().Message}");
                client.Dispose();
            }
        }
        if (fallback is not null && ToolOnPath(tool))
        {
            return null;
        }
        throw new ModelSdkException(
            ErrorCodes.LocalEngineUnreachable,
            $"LocalRegistry={Name}, but no {tool} engine API answered. Tried: {string.Join("; ", tried)}. {HowToStart()}, set DOCKER_HOST (or LocalRegistryHost) to the engine's socket, or remove LocalRegistry to only write the OCI layout."
        );
    }

    private string HowToStart() =>
        tool == "podman"
            ? "Start Podman's API service ('systemctl --user start podman.socket', as root 'systemctl start podman.socket', or 'podman system service --time=0 &')"
            : "Start Docker ('sudo systemctl start docker', or start Docker Desktop)";

    private void Send(DockerClient client, Stream tar, Func<long> sent, string imageId, IReadOnlyList<string> tags)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var progress = new EngineProgress(log);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var ticker = new Timer(_ => log($"  {Megabytes(sent())} sent to {Name}"), null, 5000, 5000);
        try
        {
            client
                .Images.LoadImageAsync(new ImageLoadParameters { Quiet = false }, tar, progress, cancel.Token)
                .GetAwaiter()
                .GetResult();
            progress.ThrowIfFailed(Name);
            foreach (var tag in tags)
            {
                var (repository, version) = Split(tag);
                client
                    .Images.TagImageAsync(
                        imageId,
                        new ImageTagParameters { RepositoryName = repository, Tag = version },
                        cancel.Token
                    )
                    .GetAwaiter()
                    .GetResult();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new ModelSdkException(
                ErrorCodes.LocalEngineTimeout,
                $"Loading the image into {Name} did not finish within {timeout.TotalSeconds:0} s ({Megabytes(sent())} sent). Raise LocalRegistryTimeout (seconds), or check that the engine is not busy or out of disk space."
            );
        }
        catch (HttpRequestException e)
        {
            throw new ModelSdkException(
                ErrorCodes.LocalEngineLoadFailed,
                $"Sending the image to {Name} failed: {Trim(e.GetBaseException().Message)}. Check that the engine is still running and has disk space, then build again."
            );
        }
        catch (DockerApiException e)
        {
            throw new ModelSdkException(
                ErrorCodes.LocalEngineLoadFailed,
                $"{Name} refused the image ({(int)e.StatusCode}): {Trim(e.ResponseBody)}. Check the engine's disk space and logs, then build again."
            );
        }
        log($"  {Megabytes(sent())} loaded into {Name} in {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Podman's CLI names an unqualified image localhost/name, but its Docker-compatible API normalizes like Docker
    /// (docker.io/library/name): qualify the names so both paths give the same ones.
    /// </summary>
    public IReadOnlyList<string> Names(IReadOnlyList<string> repositoryTags) =>
        tool == "podman" ? repositoryTags.Select(QualifyForPodman).ToList() : repositoryTags;

    public static string QualifyForPodman(string name)
    {
        var first = name.Split('/')[0];
        var qualified = name.Contains('/') && (first.Contains('.') || first.Contains(':') || first == "localhost");
        return qualified ? name : "localhost/" + name;
    }

    /// <summary>"registry:5000/repo:tag" into ("registry:5000/repo", "tag").</summary>
    public static (string Repository, string Tag) Split(string repositoryTag)
    {
        var colon = repositoryTag.LastIndexOf(':');
        return colon > repositoryTag.LastIndexOf('/')
            ? (repositoryTag[..colon], repositoryTag[(colon + 1)..])
            : (repositoryTag, "latest");
    }

    private static bool ToolOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";

    internal static string Trim(string? text) =>
        (text ?? "").Trim().Replace('\n', ' ') is var t && t.Length > 400 ? t[..400] : t;

    /// <summary>Logs the engine's messages once each and keeps the first error it reports.</summary>
    private sealed class EngineProgress(Action<string> log) : IProgress<JSONMessage>
    {
        private string? _error;
        private string? _last;

        public void Report(JSONMessage value)
        {
            if ((value.Error?.Message ?? value.ErrorMessage) is { Length: > 0 } error)
            {
                _error ??= error;
                return;
            }
            var text = (value.Stream ?? value.Status ?? "").Trim();
            if (text.Length > 0 && text != _last)
            {
                _last = text;
                log("  " + Trim(text));
            }
        }

        public void ThrowIfFailed(string engine)
        {
            if (_error is not null)
            {
                throw new ModelSdkException(
                    ErrorCodes.LocalEngineLoadFailed,
                    $"{engine} could not load the image: {Trim(_error)}. Check the engine's disk space and logs, then build again."
                );
            }
        }
    }
}
