using System.Text.Json;
using ModelSdk;
using ModelSdk.Oci;

namespace ModelSdk.Oci.Tests;

/// <summary>
/// A tiny CLI over the library so tests can build in separate processes (other cwd, umask, TZ) and measure the
/// peak memory of one build. Usage: image REQUEST.json | layer FILE BLOBDIR. Prints "digest=..." and "peak_kb=...".
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            string digest;
            switch (args.FirstOrDefault())
            {
                case "image":
                    var request = JsonSerializer.Deserialize<ModelImageRequest>(File.ReadAllText(args[1]))!;
                    digest = ModelImageBuilder.Build(request).Image.ManifestDigest;
                    break;
                case "layer":
                    var entry = LayerEntry.FromFile(args[1], "model/files/" + Path.GetFileName(args[1]));
                    var layer = LayerWriter.Write(new LayerSpec("large", [entry]), LayerCompression.None, 0, args[2]);
                    digest = layer.Digest;
                    Console.WriteLine($"diffid={layer.DiffId}");
                    Console.WriteLine($"size={layer.Size}");
                    break;
                default:
                    Console.Error.WriteLine("usage: image REQUEST.json | layer FILE BLOBDIR");
                    return 2;
            }
            Console.WriteLine($"digest={digest}");
            Console.WriteLine($"peak_kb={PeakKilobytes()}");
            return 0;
        }
        catch (ModelSdkException e)
        {
            Console.Error.WriteLine($"error {e.Code}: {e.Message}");
            return 1;
        }
    }

    private static long PeakKilobytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
