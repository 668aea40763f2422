using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>dotnet run in a model project: the image's runtime serving locally, and dotnet run -- predict over a dataset.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class DotnetRunTests(SdkFeed feed)
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Dotnet_run_serves_like_predict_and_stops_on_ctrl_c()
    {
        var project = ModelProject.FromTemplate(feed, "Runner");
        int rest = FreePort.Next(),
            grpc = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["MODEL_PORT"] = $"{rest}",
            ["MODEL_GRPC_PORT"] = $"{grpc}",
        };
        JsonNode served;
        using (var run = new DotnetRunProcess(feed, project.Directory, environment))
        {
            await run.WaitForOutputAsync("Ctrl+C to stop", Start);
            Assert.Contains($"http://127.0.0.1:{rest}/v1/models/Runner:predict", run.Output);
            Assert.Contains($"gRPC (Open Inference Protocol v2):            http://127.0.0.1:{grpc}", run.Output);
            Assert.Contains(
                "curl -H 'Content-Type: application/json' -d '{\"instances\": [[0, 0, 0, 0]]}'",
                run.Output
            );
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
            Assert.True((await http.GetAsync("/v2/health/ready")).IsSuccessStatusCode);
            var answer = await http.PostAsync(
                "/v1/models/Runner:predict",
                new StringContent("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}", Encoding.UTF8, "application/json")
            );
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
            served = (await answer.Content.ReadFromJsonAsync<JsonNode>())!["predictions"]![0]!;
            Assert.NotNull(served);

            run.Signal("INT");
            Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        Assert.Throws<HttpRequestException>(() =>
            new HttpClient().GetAsync($"http://127.0.0.1:{rest}/v2/health/ready").GetAwaiter().GetResult()
        );

        project.Write("records.jsonl", "[5.1, 3.5, 1.4, 0.2]\n");
        var predict = feed.Dotnet(
            project.Directory,
            "run",
            "-c",
            "Release",
            "--",
            "predict",
            "records.jsonl",
            "--output",
            "p.jsonl"
        );
        Assert.True(predict.ExitCode == 0, predict.Output);
        var line = JsonNode.Parse(File.ReadAllLines(project.Path_("p.jsonl")).Single())!;
        Assert.Equal(1, (int)line["id"]!);
        Assert.True(
            JsonNode.DeepEquals(served, line["prediction"]),
            $"{served.ToJsonString()} != {line.ToJsonString()}"
        );
    }

    [Fact]
    public void Predict_over_a_folder_records_a_corrupt_image_and_resumes_after_a_kill()
    {
        var project = ModelProject.Create(feed, "Pictures", "");
        SlowImageModel().Save(project.Path_("model.onnx"));
        var images = project.Path_("images");
        for (var i = 0; i < 120; i++)
            Bmp.Write(
                Path.Combine(images, i % 2 == 0 ? "even" : "odd", $"img{i:000}.bmp"),
                10 + i % 7,
                8 + i % 5,
                (byte)i
            );
        File.WriteAllBytes(Path.Combine(images, "odd", "corrupt.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        File.WriteAllText(Path.Combine(images, "notes.txt"), "not an image, not an item");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.Output);

        var full = feed.Dotnet(
            project.Directory,
            "run",
            "-c",
            "Release",
            "--no-build",
            "--",
            "predict",
            "images",
            "--output",
            "full.jsonl"
        );
        Assert.True(full.ExitCode == 1, full.Output);
        var expected = File.ReadAllLines(project.Path_("full.jsonl"));
        Assert.Equal(121, expected.Length);
        var corrupt = JsonNode.Parse(expected.Single(l => l.Contains("corrupt.jpg", StringComparison.Ordinal)))!;
        Assert.Equal("odd/corrupt.jpg", (string?)corrupt["id"]);
        Assert.NotNull((string?)corrupt["error"]);
        Assert.Null(corrupt["prediction"]);
        Assert.Contains("1 failed", full.Output);

        var resumed = project.Path_("resumed.jsonl");
        using (
            var run = new DotnetRunProcess(
                feed,
                project.Directory,
                new Dictionary<string, string>(),
                "--no-build",
                "--",
                "predict",
                "images",
                "--output",
                "resumed.jsonl",
                "--batch-size",
                "1"
            )
        )
        {
            while (!run.HasExited && (!File.Exists(resumed) || File.ReadAllLines(resumed).Length < 20))
                Thread.Sleep(5);
            run.Signal("KILL");
        }
        var partial = File.ReadAllLines(resumed).Length;
        Assert.InRange(partial, 20, 120);
        var again = feed.Dotnet(
            project.Directory,
            "run",
            "-c",
            "Release",
            "--no-build",
            "--",
            "predict",
            "images",
            "--output",
            "resumed.jsonl"
        );
        Assert.True(again.ExitCode == 1, again.Output);
        Assert.Contains("already in resumed.jsonl", again.Output);
        Assert.Equal(expected, File.ReadAllLines(resumed));
    }

    /// <summary>
    /// image FP32 [batch,3,8,8] -> 400 MatMuls by the identity (slow enough to be killed halfway) -> ReduceMean
    /// over height and width -> "mean" [batch,3,1,1].
    /// </summary>
    private static OnnxModelBuilder SlowImageModel()
    {
        var identity = new float[64];
        for (var i = 0; i < 8; i++)
            identity[i * 8 + i] = 1;
        var builder = new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .FloatInitializer("eye", [8, 8], identity)
            .Input("image", OnnxElementType.Float, OnnxType.Shape("batch", 3, 8, 8));
        var last = "image";
        for (var i = 0; i < 400; i++)
        {
            builder.Node("MatMul", [last, "eye"], [$"m{i}"]);
            last = $"m{i}";
        }
        return builder
            .Node("ReduceMean", [last], ["mean"], ("axes", new long[] { 2, 3 }))
            .Output("mean", OnnxElementType.Float, OnnxType.Shape("batch", 3, 1, 1));
    }
}

/// <summary>Writes 24-bit BMP files: a flat colour per image, enough to tell images apart.</summary>
internal static class Bmp
{
    public static void Write(string path, int width, int height, byte shade)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stride = (width * 3 + 3) & ~3;
        var size = 54 + stride * height;
        var b = new byte[size];
        "BM"u8.CopyTo(b);
        BitConverter.TryWriteBytes(b.AsSpan(2), size);
        BitConverter.TryWriteBytes(b.AsSpan(10), 54);
        BitConverter.TryWriteBytes(b.AsSpan(14), 40);
        BitConverter.TryWriteBytes(b.AsSpan(18), width);
        BitConverter.TryWriteBytes(b.AsSpan(22), height);
        BitConverter.TryWriteBytes(b.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(b.AsSpan(28), (short)24);
        BitConverter.TryWriteBytes(b.AsSpan(34), stride * height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var at = 54 + y * stride + x * 3;
            b[at] = shade;
            b[at + 1] = (byte)(x * 20);
            b[at + 2] = (byte)(y * 25);
        }
        File.WriteAllBytes(path, b);
    }
}
