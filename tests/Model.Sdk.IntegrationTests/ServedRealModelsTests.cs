using System.Net.Http.Json;
using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// Published models from npm packages (several inputs and outputs, an INT64 scalar, symbolic dims), two in one
/// project, built into an image, served by podman, and compared with ONNX Runtime in-process.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ServedRealModelsTests(SdkFeed feed)
{
    [TestModelFact(TestModels.SileroVadV5, TestModels.WakeWordMelSpectrogram)]
    public async Task Two_real_models_in_one_image_answer_like_onnx_runtime()
    {
        var project = ModelProject.Create(feed, "Audio", "  <PropertyGroup><Version>2.1.0</Version></PropertyGroup>");
        File.Copy(TestModels.Require(TestModels.SileroVadV5), project.Path_("vad.onnx"));
        File.Copy(TestModels.Require(TestModels.WakeWordMelSpectrogram), project.Path_("mel.onnx"));
        var archive = Path.Combine(project.Directory, "image.tar");
        var build = project.Build($"-p:ContainerArchiveOutputPath={archive}");
        Assert.True(build.ExitCode == 0, build.Output);

        var samples = Enumerable.Range(0, 1280).Select(i => (float)Math.Sin(i / 7.0) * 0.3f).ToArray();
        var vad = new Request("vad", ["output", "stateN"])
            .Input("input", "FP32", [1, 512], samples[..512])
            .Input("state", "FP32", [2, 1, 128], new float[256])
            .Input("sr", "INT64", [], new long[] { 16000 });
        var mel = new Request("mel", ["output"]).Input("input", "FP32", [1, 1280], samples);

        await using var container = await ServedContainer.StartAsync(archive, "audio:2.1.0", project.Directory);
        foreach (var request in new[] { vad, mel })
        {
            var served = await container.InferAsync(request.Model, request.Json());
            var expected = request.InProcess(project.Path_(request.Model + ".onnx"));
            foreach (var (name, values) in expected)
            {
                var output = served.Single(o => o.GetProperty("name").GetString() == name);
                var data = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
                Assert.Equal(values.Length, data.Length);
                for (var i = 0; i < values.Length; i++)
                    Assert.True(
                        Math.Abs(values[i] - data[i]) <= 1e-5f + 1e-5f * Math.Abs(values[i]),
                        $"{request.Model}.{name}[{i}]: {data[i]} vs {values[i]}"
                    );
            }
        }
    }

    private sealed class Request(string model, string[] outputs)
    {
        private readonly List<(string Name, string Datatype, long[] Shape, Array Data)> _inputs = [];

        public string Model => model;

        public Request Input(string name, string datatype, long[] shape, Array data)
        {
            _inputs.Add((name, datatype, shape, data));
            return this;
        }

        public object Json() =>
            new
            {
                inputs = _inputs
                    .Select(i => new
                    {
                        name = i.Name,
                        datatype = i.Datatype,
                        shape = i.Shape,
                        data = i.Data,
                    })
                    .ToArray(),
            };

        public Dictionary<string, float[]> InProcess(string path)
        {
            using var session = new InferenceSession(path);
            var inputs = _inputs
                .Select(i => new KeyValuePair<string, Tensor>(
                    i.Name,
                    i.Data is long[] longs
                        ? Tensor.FromArray(i.Shape, longs)
                        : Tensor.FromArray(i.Shape, (float[])i.Data)
                ))
                .ToArray();
            var results = session.Run(inputs, outputs);
            return outputs
                .Select((name, k) => (name, results[k].ToArray<float>()))
                .ToDictionary(p => p.name, p => p.Item2);
        }
    }
}
