using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class PodmanTests
{
    [Fact]
    public async Task Podman_pulls_the_pushed_image_with_the_same_digest()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        using var storage = new TempDirectory();
        var digest = TestLayout.Write(
            dir.Path,
            [("model.onnx", TestLayout.RandomBytes(100_000, 2)), ("contract.json", "{}"u8.ToArray())]
        );
        using var client = Clients.Create();
        await client.PushAsync(dir.Path, registry.Address, "podman/model", ["1.0.0"]);

        // Isolated storage (vfs driver) so the test leaves nothing in the machine's podman store.
        string[] podman =
        [
            "--root",
            storage.Combine("root"),
            "--runroot",
            storage.Combine("run"),
            "--storage-driver",
            "vfs",
        ];
        var reference = $"{registry.Address}/podman/model:1.0.0";
        Tools.Run("podman", [.. podman, "pull", "--tls-verify=false", reference]);
        var pulled = Tools.Run("podman", [.. podman, "image", "inspect", "--format", "{{.Digest}}", reference]).Trim();

        Assert.Equal(digest, pulled);
        Tools.Run("podman", [.. podman, "rmi", "--all", "--force"]);
    }
}
