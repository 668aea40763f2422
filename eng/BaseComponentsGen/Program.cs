using ModelSdk;
using ModelSdk.Oci.Spec;
using ModelSdk.Oci.SupplyChain;

// Usage: BaseComponentsGen OUTPUT PLATFORM DISTRO [--deps RUNTIME.deps.json] DEB_OR_FOLDER...
//   OUTPUT: the component list to write (model-sdk-components.<rid>.json beside the base layout).
//   PLATFORM: the base's platform, e.g. linux/amd64 or linux/arm64.
//   DISTRO: the purl distro qualifier of the Debian packages, e.g. debian-12.
//   --deps: the serving runtime's deps.json (its .NET runtime packs and NuGet packages, ONNX Runtime among them).
//   DEB_OR_FOLDER: the .deb files the base was made from, or folders of them (any architecture).
// The list is sorted, so the same packages always give the same bytes.
if (args.Length < 4)
{
    Console.Error.WriteLine(
        "usage: BaseComponentsGen OUTPUT PLATFORM DISTRO [--deps RUNTIME.deps.json] DEB_OR_FOLDER..."
    );
    return 2;
}
try
{
    var rest = args.Skip(3).ToList();
    var components = new List<System.Text.Json.Nodes.JsonObject>();
    var deps = rest.IndexOf("--deps");
    if (deps >= 0)
    {
        components.AddRange(RuntimeComponents.FromDepsJson(rest[deps + 1]));
        rest.RemoveRange(deps, 2);
    }
    components.AddRange(DebianPackages.FromPaths(rest, args[2]));
    var list = new BaseComponents(Platform.Parse(args[1]), components);
    File.WriteAllBytes(args[0], list.ToBytes());
    Console.WriteLine($"{components.Count} components -> {args[0]}");
    return 0;
}
catch (ModelSdkException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 1;
}
