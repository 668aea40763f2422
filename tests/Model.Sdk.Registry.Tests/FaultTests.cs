using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ModelSdk.Registry.Tests.Support;
using Xunit.Abstractions;

namespace ModelSdk.Registry.Tests;

/// <summary>Pushes through a proxy that fails, throttles, drops and stalls: the push completes correctly or fails coded.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly (string, byte[])[] Files =
    [
        ("model.onnx", TestLayout.RandomBytes(3 << 20, 11)),
        ("contract.json", "{}"u8.ToArray()),
    ];

    [Theory]
    [InlineData("PUT", "/blobs/uploads/", FaultKind.Status500)]
    [InlineData("HEAD", "/blobs/", FaultKind.Status429)]
    [InlineData("POST", "/blobs/uploads/", FaultKind.Status500)]
    [InlineData("PUT", "/manifests/", FaultKind.Status500)]
    [InlineData("PUT", "/blobs/uploads/", FaultKind.DropMidBody)]
    public async Task Transient_faults_are_retried_and_the_image_is_complete(string method, string path, FaultKind kind)
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        proxy.Inject(method, path, kind, times: 2, dropAfterBytes: 1 << 20, retryAfterSeconds: 1);
        var log = new ListLog();
        using var client = Clients.Create(log);

        var result = await client.PushAsync(dir.Path, proxy.Address, "faults/model", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        Assert.True(log.All.Contains("retrying in") || log.All.Contains("resuming in"), log.All);
        await AssertCompleteAsync(registry, "faults/model", "1.0.0", digest);
    }

    [Fact]
    public async Task A_dropped_chunk_resumes_and_the_image_is_complete()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        proxy.Inject("PATCH", "/blobs/uploads/", FaultKind.DropMidBody, times: 1, dropAfterBytes: 512 << 10);
        var log = new ListLog();
        using var client = Clients.Create(
            log,
            configure: o =>
                o.With(b =>
                {
                    b.ForceChunked = true;
                    b.ChunkSize = 1 << 20;
                })
        );

        var result = await client.PushAsync(dir.Path, proxy.Address, "faults/chunks", ["1.0.0"]);

        output.WriteLine(log.All);
        Assert.Equal(digest, result.Digest);
        await AssertCompleteAsync(registry, "faults/chunks", "1.0.0", digest);
    }

    [Fact]
    public async Task A_stalled_request_times_out_and_is_retried()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        proxy.Inject("HEAD", "/blobs/", FaultKind.Stall, times: 1, stall: TimeSpan.FromMinutes(5));
        var log = new ListLog();
        using var client = Clients.Create(log, configure: o => o.With(b => b.RequestTimeout = TimeSpan.FromSeconds(1)));

        var result = await client.PushAsync(dir.Path, proxy.Address, "faults/stall", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        Assert.Contains("no answer within", log.All);
    }

    [Fact]
    public async Task Uploads_that_always_drop_fail_coded_and_leave_no_tag()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, Files);
        proxy.Inject("PUT", "/blobs/uploads/", FaultKind.DropMidBody, times: 1000, dropAfterBytes: 1 << 20);
        proxy.Inject("PATCH", "/blobs/uploads/", FaultKind.DropMidBody, times: 1000, dropAfterBytes: 1 << 20);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, proxy.Address, "faults/broken", ["1.0.0"])
        );

        Assert.Contains(e.Code, new[] { ErrorCodes.RegistryUnreachable, ErrorCodes.BlobUploadFailed });
        Assert.Equal(0, proxy.Count("PUT", "/manifests/"));
        using var direct = Clients.Create();
        Assert.Null(await direct.TagDigestAsync(registry.Address, "faults/broken", "1.0.0"));
    }

    [Fact]
    public async Task A_manifest_that_keeps_failing_is_a_coded_error()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, Files);
        proxy.Inject("PUT", "/manifests/", FaultKind.Status500, times: 1000);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, proxy.Address, "faults/manifest", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryRequestFailed, e.Code);
        Assert.Contains("injected failure", e.Message);
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_coded_error()
    {
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, Files);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, $"127.0.0.1:{FreePort.Next()}", "x/y", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryUnreachable, e.Code);
        Assert.Contains("ContainerRegistry", e.Message);
    }

    [Fact]
    public async Task An_untrusted_certificate_on_a_secure_registry_is_a_TLS_error()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(1)
        );
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        using var server = new LoopbackHost(
            context =>
            {
                context.Response.StatusCode = 200;
                return Task.CompletedTask;
            },
            certificate
        );
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, Files);
        using var client = Clients.Create(configure: o => o.With(b => b.LoopbackIsInsecure = false));

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, server.Address, "x/y", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryTlsFailure, e.Code);
        Assert.Contains("ContainerInsecureRegistries", e.Message);
    }

    [Fact]
    public async Task An_upload_resumes_from_the_range_the_registry_reports()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        // The second chunk of the model layer (uploaded first: largest first, one at a time) is lost before it
        // reaches the registry, which keeps the first.
        var log = new ListLog();
        using var client = Clients.Create(
            log,
            configure: o =>
                o.With(b =>
                {
                    b.ForceChunked = true;
                    b.ChunkSize = 1 << 20;
                    b.MaxParallel = 1;
                })
        );
        proxy.InjectAfter(
            "PATCH",
            "/blobs/uploads/",
            skip: 1,
            FaultKind.DropBeforeForwarding,
            dropAfterBytes: 256 << 10
        );

        var result = await client.PushAsync(dir.Path, proxy.Address, "faults/resume", ["1.0.0"]);

        output.WriteLine(log.All);
        Assert.Equal(digest, result.Digest);
        Assert.Contains("holds 1048576 bytes of the interrupted upload; resuming there", log.All);
        await AssertCompleteAsync(registry, "faults/resume", "1.0.0", digest);
    }

    /// <summary>Pulls every blob of the tag straight from the registry: all present, all matching their digests.</summary>
    private static async Task AssertCompleteAsync(RegistryServer registry, string repository, string tag, string digest)
    {
        using var cache = new TempDirectory();
        using var client = Clients.Create();
        var pulled = await client.PullAsync(ImageReference.Parse($"{registry.Address}/{repository}:{tag}"), cache.Path);
        Assert.Equal(digest, pulled.Image.Digest);
        foreach (var blob in pulled.Image.Layers.Append(pulled.Image.Config))
        {
            Assert.Equal(blob.Size, new FileInfo(pulled.BlobPath(blob.Digest)).Length);
        }
    }
}
