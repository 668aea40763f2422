using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>LocalRegistry through the Docker Engine API (Docker.DotNet), against a podman service of the test's own.</summary>
public sealed class ApiLocalEngineTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Streams_the_layout_into_podman_through_its_API_and_the_image_runs()
    {
        using var service = new PodmanService();
        using var build = new ImageBuild();
        var repository = $"localhost/modelpack-api-{Guid.NewGuid():N}";
        var outcome = build.Build(build.Request() with { Repository = repository[10..], Tags = ["1.2.3", "latest"] });
        var log = new List<string>();
        var engine = LocalEngines.For(
            "Podman",
            new LocalEngineOptions { Environment = Env(("DOCKER_HOST", service.Address)), Log = log.Add }
        );
        var scratch = Path.Combine(build.Root, "scratch");
        try
        {
            LocalEngineLoader.Load(engine, build.LayoutDirectory, null, scratch, outcome.RepositoryTags);

            Assert.Contains(log, l => l.Contains("through its API at " + service.Address));
            Assert.Contains(log, l => l.Contains("loaded into Podman"));
            Assert.False(Directory.Exists(scratch), "an archive file was written");
            var listing = Tools.RunOk("podman", "run", "--rm", "--network=none", $"{repository}:latest");
            Assert.Contains("faces.onnx", listing);
            Assert.Contains(
                outcome.Image.ConfigDigest[7..19],
                Tools.RunOk("podman", "images", "--no-trunc", "--format", "{{.ID}}", $"{repository}:1.2.3")
            );
        }
        finally
        {
            Tools.Run("podman", "rmi", "-f", $"{repository}:1.2.3", $"{repository}:latest");
        }
    }

    [Fact]
    public void No_answering_Docker_socket_is_MODEL0185_naming_the_socket_and_how_to_start_Docker()
    {
        using var build = new ImageBuild(modelBytes: 1024);
        build.Build();
        var socket = $"/tmp/modelpack-missing-{Guid.NewGuid():N}.sock";
        var engine = LocalEngines.For(
            "Docker",
            new LocalEngineOptions { Environment = Env(("DOCKER_HOST", "unix://" + socket)) }
        );

        var error = Assert.Throws<ModelSdkException>(() =>
            LocalEngineLoader.Load(engine, build.LayoutDirectory, null, build.Root, ["faces:1.2.3"])
        );

        Assert.Equal("MODEL0185", error.Code);
        Assert.Contains(socket, error.Message);
        Assert.Contains("DOCKER_HOST", error.Message);
        Assert.Contains("systemctl start docker", error.Message);
    }

    [Fact]
    public void Endpoints_come_from_LocalRegistryHost_then_the_environment_then_the_default_sockets()
    {
        Assert.Equal(
            ["unix:///run/user/1000/podman/podman.sock", "unix:///run/podman/podman.sock"],
            EngineEndpoints
                .For("podman", null, Env(("XDG_RUNTIME_DIR", "/run/user/1000")))
                .Select(e => e.Uri.ToString())
        );
        Assert.Equal(
            ["unix:///var/run/docker.sock"],
            EngineEndpoints.For("docker", null, Env()).Select(e => e.Uri.ToString())
        );
        Assert.Equal(
            "tcp://127.0.0.1:2375/",
            EngineEndpoints.For("docker", null, Env(("DOCKER_HOST", "tcp://127.0.0.1:2375"))).Single().Uri.ToString()
        );
        Assert.Equal(
            "unix:///a.sock",
            EngineEndpoints
                .For("podman", "unix:///a.sock", Env(("DOCKER_HOST", "unix:///b.sock")))
                .Single()
                .Uri.ToString()
        );
        Assert.Equal(
            "MODEL0188",
            Assert
                .Throws<ModelSdkException>(() =>
                    EngineEndpoints.For("docker", null, Env(("DOCKER_HOST", "ssh://me@host")))
                )
                .Code
        );
        Assert.Equal(
            "MODEL0188",
            Assert
                .Throws<ModelSdkException>(() =>
                    LocalEngines.For("Docker", new LocalEngineOptions { TimeoutSeconds = "soon" })
                )
                .Code
        );
        Assert.Equal(
            "MODEL0188",
            Assert
                .Throws<ModelSdkException>(() => LocalEngines.For("Docker", new LocalEngineOptions { Client = "grpc" }))
                .Code
        );
        Assert.IsType<CliLocalEngine>(LocalEngines.For("Podman", new LocalEngineOptions { Client = "Cli" }));
    }

    [Fact]
    public async Task The_pipe_carries_every_byte_and_a_writer_failure_reaches_the_reader()
    {
        var bytes = ModelFolder.Bytes(3 * 1024 * 1024 + 17, seed: 7);
        using (var pipe = new StreamingPipe(capacity: 2))
        {
            var writer = Task.Run(() =>
            {
                for (var i = 0; i < bytes.Length; i += 65536)
                {
                    pipe.Writer.Write(bytes, i, Math.Min(65536, bytes.Length - i));
                }
                pipe.Complete();
            });
            using var copy = new MemoryStream();
            await pipe.Reader.CopyToAsync(copy);
            await writer;
            Assert.Equal(bytes, copy.ToArray());
        }
        using (var pipe = new StreamingPipe())
        {
            pipe.Writer.Write(bytes, 0, 10);
            pipe.Complete(new InvalidOperationException("disk gone"));
            var error = Assert.Throws<IOException>(() => pipe.Reader.CopyTo(Stream.Null));
            Assert.Contains("disk gone", error.Message);
        }
    }
}
