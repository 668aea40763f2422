using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelRuntime.Tests.Support;

/// <summary>
/// Runs Node/kserve-client.mjs (@grpc/grpc-js + @grpc/proto-loader, installed by eng/install-deps.sh into
/// artifacts/node-grpc) against a gRPC endpoint and returns its JSON answer.
/// </summary>
public static class NodeGrpcClient
{
    private const string InstallHint =
        "run eng/install-deps.sh (installs node, npm, @grpc/grpc-js, @grpc/proto-loader)";

    public static string Modules =>
        Environment.GetEnvironmentVariable("MODEL_SDK_NODE_GRPC") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepoRoot.Path, "artifacts", "node-grpc", "node_modules");

    public static string Script =>
        Path.Combine(RepoRoot.Path, "tests", "Model.Runtime.Tests", "Node", "kserve-client.mjs");

    public static string Proto => Path.Combine(RepoRoot.Path, "runtime", "Model.Runtime", "Grpc", "inference.proto");

    /// <summary>A skip reason only when node itself is absent outside CI; in CI a missing node fails the test.</summary>
    public static string? SkipReason() =>
        FindNode() is not null || TestModels.InCi ? null : $"node is not installed: {InstallHint}.";

    /// <summary>Calls every method against host:port with one inference request made of these inputs.</summary>
    public static async Task<JsonNode> RunAsync(string target, string model, JsonArray inputs)
    {
        var node = FindNode() ?? throw new InvalidOperationException($"node is not on PATH: {InstallHint}.");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!File.Exists(Path.Combine(Modules, package, "package.json")))
                throw new InvalidOperationException($"{package} is missing from {Modules}: {InstallHint}.");
        }
        var inputsFile = Path.Combine(Path.GetTempPath(), $"kserve-inputs-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(inputsFile, inputs.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await RunNodeAsync(
                node,
                [Script, target, Proto, Modules, model, inputsFile]
            );
            if (exitCode != 0)
                throw new InvalidOperationException($"kserve-client.mjs failed ({exitCode}):\n{stderr}\n{stdout}");
            return JsonNode.Parse(stdout) ?? throw new InvalidOperationException($"no JSON from node:\n{stderr}");
        }
        finally
        {
            File.Delete(inputsFile);
        }
    }

    private static async Task<(int, string, string)> RunNodeAsync(string node, string[] arguments)
    {
        var start = new ProcessStartInfo(node, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kserve-client.mjs did not finish in 2 minutes:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The values of a JSON array as floats (node prints numbers; FP32 values are exact as doubles).</summary>
    public static float[] Floats(JsonNode? array) =>
        array!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();

    public static string Pretty(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

/// <summary>A fact that needs node: skipped (with the reason) only when node is absent outside CI.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute() => Skip = NodeGrpcClient.SkipReason();
}
