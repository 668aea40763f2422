using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// The test pictures and OpenCV's blobFromImage for them, from opencv_images.py run by Debian's /usr/bin/python3
/// (python3-opencv, installed by eng/install-deps.sh; pyenv's python3 may lack cv2).
/// </summary>
public sealed class OpenCvImages : IDisposable
{
    private readonly TempDirectory _dir = new("typed-in-images");

    public OpenCvImages() => Python("make", _dir.Path);

    public string Folder => _dir.Path;

    public byte[] Bytes(string name) => File.ReadAllBytes(_dir.Combine(name));

    public sealed record BlobCase(
        string Image,
        int Width,
        int Height,
        double Scale,
        double[] Mean,
        bool SwapRB,
        bool Crop,
        bool Uint8,
        int Reduce = 1
    );

    /// <summary>OpenCV's NCHW blob for each case, as floats (a UINT8 blob widened).</summary>
    public IReadOnlyList<float[]> Blobs(IReadOnlyList<BlobCase> cases)
    {
        var list = new JsonArray();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            list.Add(
                new JsonObject
                {
                    ["image"] = _dir.Combine(c.Image),
                    ["out"] = _dir.Combine($"blob{i}.raw"),
                    ["width"] = c.Width,
                    ["height"] = c.Height,
                    ["scale"] = c.Scale,
                    ["mean"] = new JsonArray(c.Mean.Select(m => (JsonNode)m).ToArray()),
                    ["swapRB"] = c.SwapRB,
                    ["crop"] = c.Crop,
                    ["uint8"] = c.Uint8,
                    ["reduce"] = c.Reduce,
                }
            );
        }
        var file = _dir.Combine("cases.json");
        File.WriteAllText(file, list.ToJsonString());
        Python("blob", file);
        return cases
            .Select(
                (c, i) =>
                {
                    var raw = File.ReadAllBytes(_dir.Combine($"blob{i}.raw"));
                    return c.Uint8
                        ? Array.ConvertAll(raw, b => (float)b)
                        : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
                }
            )
            .ToArray();
    }

    /// <summary>The size of the image OpenCV decoded for case <paramref name="i"/> of the last <see cref="Blobs"/>.</summary>
    public (int Width, int Height) DecodedSize(int i)
    {
        var parts = File.ReadAllText(_dir.Combine($"blob{i}.raw.size")).Split(' ');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    private static void Python(string command, string argument) =>
        ProcessRunner
            .Run(
                "/usr/bin/python3",
                [Path.Combine(RepoRoot.Path, "tests/Model.Runtime.Tests/Typed/opencv_images.py"), command, argument],
                RepoRoot.Path,
                timeout: TimeSpan.FromMinutes(2)
            )
            .EnsureSuccess("opencv_images.py (needs Debian's python3-opencv: eng/install-deps.sh)");

    public void Dispose() => _dir.Dispose();
}
