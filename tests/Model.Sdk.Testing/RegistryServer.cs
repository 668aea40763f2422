using System.Diagnostics;
using System.Text;

namespace ModelSdk.Testing;

/// <summary>
/// A real distribution registry (/usr/bin/docker-registry from the Debian package) on 127.0.0.1 with its storage in
/// a temp dir, optionally behind htpasswd Basic auth or bearer-token auth. Stopped and deleted on dispose.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    private readonly TempDirectory _dir = new("modelsdk-registry");
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RegistryServer(Func<TempDirectory, string> authYamlFor)
    {
        var authYaml = authYamlFor(_dir);
        Port = FreePort.Next();
        var config = $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {_dir.Combine("storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
              secret: model-sdk-tests-secret
            {authYaml}
            """;
        var configPath = _dir.Combine("config.yml");
        File.WriteAllText(configPath, config);
        var start = new ProcessStartInfo(Binary, ["serve", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public string StorageDirectory => _dir.Combine("storage");

    public string Log
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static RegistryServer Anonymous() => new(_ => "");

    public static RegistryServer WithBasicAuth(string user, string password) =>
        new(dir =>
        {
            // The registry accepts bcrypt entries only, hence -B.
            var path = dir.Combine("htpasswd");
            File.WriteAllText(
                path,
                ProcessRunner
                    .Run("htpasswd", ["-Bbn", user, password], dir.Path)
                    .EnsureSuccess("htpasswd")
                    .Output.Trim() + "\n"
            );
            return $"""
                auth:
                  htpasswd:
                    realm: model-sdk-tests
                    path: {path}
                """;
        });

    /// <summary>A registry with the given <c>auth:</c> YAML block (e.g. token auth set up by the caller).</summary>
    public static RegistryServer WithAuth(Func<TempDirectory, string> authYaml) => new(authYaml);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _dir.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void WaitUntilListening()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 200; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("docker-registry exited:\n" + Log);
            }
            try
            {
                using var response = client.GetAsync($"http://{Address}/v2/").GetAwaiter().GetResult();
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException("docker-registry did not start listening:\n" + Log);
    }
}
