using ModelSdk;
using ModelSdk.Oci;

// Usage: ImageBench MODEL_DIR BASE LAYOUT_DIR CACHE_DIR [none|gzip]; prints the manifest digest.
if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: ImageBench MODEL_DIR BASE LAYOUT_DIR CACHE_DIR [none|gzip]");
    return 2;
}
try
{
    var outcome = ModelImageBuilder.Build(
        new ModelImageRequest
        {
            ModelDirectory = args[0],
            BaseImage = args[1],
            LayoutDirectory = args[2],
            CacheDirectory = args[3],
            Compression = args.Length == 5 && args[4] == "gzip" ? LayerCompression.Gzip : LayerCompression.None,
        }
    );
    Console.WriteLine(outcome.Image.ManifestDigest);
    return 0;
}
catch (ModelSdkException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 1;
}
