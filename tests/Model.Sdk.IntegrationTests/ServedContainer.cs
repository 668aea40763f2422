using System.Net.Http.Json;
using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>A built image loaded into podman and running on loopback ports; removed (with the image) on dispose.</summary>
public sealed class ServedContainer : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _image;

    private ServedContainer(string name, string image, int restPort, int grpcPort)
    {
        _name = name;
        _image = image;
        RestPort = restPort;
        GrpcPort = grpcPort;
        Http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{restPort}"),
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    public int RestPort { get; }
    public int GrpcPort { get; }
    public HttpClient Http { get; }

    public static async Task<ServedContainer> StartAsync(string archive, string image, string workingDirectory)
    {
        var load = ProcessRunner.Run("podman", ["load", "-i", archive], workingDirectory);
        Assert.True(load.ExitCode == 0, load.Output);
        return await StartLoadedAsync(image, workingDirectory);
    }

    /// <summary>Runs an image already in podman's storage (e.g. loaded by LocalRegistry=Podman).</summary>
    public static Task<ServedContainer> StartLoadedAsync(string image, string workingDirectory) =>
        StartImageAsync(image, workingDirectory, [], TimeSpan.FromSeconds(60));

    /// <summary>Runs an image already in podman's storage, with extra run options (e.g. --arch arm64).</summary>
    public static async Task<ServedContainer> StartImageAsync(
        string image,
        string workingDirectory,
        string[] runOptions,
        TimeSpan readyWithin
    )
    {
        var (rest, grpc) = (FreePort.Next(), FreePort.Next());
        var name = "modelsdk-it-" + Guid.NewGuid().ToString("N")[..8];
        var run = ProcessRunner.Run(
            "podman",
            [
                "run",
                "-d",
                .. runOptions,
                "--name",
                name,
                "-p",
                $"127.0.0.1:{rest}:8080",
                "-p",
                $"127.0.0.1:{grpc}:8081",
                image,
            ],
            workingDirectory
        );
        Assert.True(run.ExitCode == 0, run.Output);
        var container = new ServedContainer(name, image, rest, grpc);
        try
        {
            await container.WaitUntilReadyAsync(readyWithin);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<JsonElement>> InferAsync(string model, object request)
    {
        var response = await Http.PostAsJsonAsync($"/v2/models/{model}/infer", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("outputs").EnumerateArray().ToList();
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow.Add(within);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await Http.GetAsync("/v2/health/ready");
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        Assert.Fail("the served image did not become ready:\n" + Logs());
    }

    /// <summary>What the container printed so far (stdout and stderr).</summary>
    public string Logs() => ProcessRunner.Run("podman", ["logs", _name], Path.GetTempPath()).Output;

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        ProcessRunner.Run("podman", ["rm", "-f", _name], Path.GetTempPath());
        ProcessRunner.Run("podman", ["rmi", "-f", _image], Path.GetTempPath());
        return ValueTask.CompletedTask;
    }
}
