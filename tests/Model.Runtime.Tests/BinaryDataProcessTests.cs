using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>The binary tensor data extension against the real process, with clients we did not write.</summary>
[Collection(SerialCollection.Name)]
public class BinaryDataProcessTests
{
    [Fact]
    public async Task Curl_sends_a_binary_request_and_gets_the_binary_answer()
    {
        var contract = ContractFolder.Write(new TestModel("classifier", TestOnnx.LinearClassifier()));
        using var server = new RuntimeProcess(contract);
        await server.WaitUntilLiveAsync();
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "input",
                    ["datatype"] = "FP32",
                    ["shape"] = new JsonArray(1, 4),
                    ["parameters"] = new JsonObject { ["binary_data_size"] = 16 },
                }
            ),
            ["outputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "probabilities",
                    ["parameters"] = new JsonObject { ["binary_data"] = true },
                }
            ),
        };
        float[] input = [1f, 2f, 3f, 4f];
        var binary = System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray();
        var body = BinaryBody.Build(header, binary);
        var folder = Directory.CreateTempSubdirectory("binary-curl").FullName;
        File.WriteAllBytes(Path.Combine(folder, "request.bin"), body);
        var (_, expected) = await server.Rest.PostJson(
            "/v2/models/classifier/infer",
            RestApiTests.Request("input", "FP32", [1, 4], "[1,2,3,4]")
        );

        var (exit, headers) = await Curl(
            folder,
            "-sS",
            "--data-binary",
            "@request.bin",
            "-H",
            "Content-Type: application/octet-stream",
            "-H",
            $"Inference-Header-Content-Length: {body.Length - binary.Length}",
            "-D",
            "-",
            "-o",
            "response.bin",
            $"http://127.0.0.1:{server.RestPort}/v2/models/classifier/infer"
        );

        Assert.Equal(0, exit);
        Assert.Contains("HTTP/1.1 200", headers);
        var length = int.Parse(
            headers
                .Split("\r\n")
                .Single(h => h.StartsWith("Inference-Header-Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Split(':')[1]
                .Trim()
        );
        var response = File.ReadAllBytes(Path.Combine(folder, "response.bin"));
        var json = JsonNode.Parse(response.AsSpan(0, length))!;
        Assert.Equal(12, json["outputs"]![0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        var scores = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(response.AsSpan(length)).ToArray();
        Assert.Equal(expected!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()), scores);
    }

    private static async Task<(int Exit, string Stdout)> Curl(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("curl", args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
