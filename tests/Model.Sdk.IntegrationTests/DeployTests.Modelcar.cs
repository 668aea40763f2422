using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

public sealed partial class DeployTests
{
    /// <summary>
    /// The pod KServe makes for kserve-modelcar.yaml: a shared process namespace, the modelcar running KServe's
    /// command and the runtime (the ServingRuntime's env) reading the model through /mnt/models.
    /// </summary>
    private static async Task ServesThroughAModelcarSidecar(string directory, string name, string image)
    {
        var (rest, grpc) = (FreePort.Next(), FreePort.Next());
        var pod = Path.Combine(directory, "modelcar-pod.yaml");
        File.WriteAllText(
            pod,
            $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{name}}
            spec:
              shareProcessNamespace: true
              containers:
              - name: modelcar
                image: localhost/{{image}}
                args: [sh, -c, 'ln -sf /proc/$$/root/models /mnt/models && sleep infinity']
                volumeMounts: [{name: {{name}}-mnt, mountPath: /mnt}]
              - name: kserve-container
                image: localhost/{{image}}
                env:
                - name: MODEL_CONTRACT
                  value: {{KServeContract}}
                - name: MODEL_PORT
                  value: "{{rest}}"
                - name: MODEL_GRPC_PORT
                  value: "{{grpc}}"
                ports: [{containerPort: {{rest}}}]
                volumeMounts: [{name: {{name}}-mnt, mountPath: /mnt}]
              volumes:
              - name: {{name}}-mnt
                emptyDir: {}
            """
        );
        var play = Podman(directory, "kube", "play", pod);
        try
        {
            Assert.True(play.ExitCode == 0, play.Output);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
            await WaitUntilReady(http, name, $"{name}-kserve-container");
            var link = Podman(directory, "exec", $"{name}-kserve-container", "ls", "-l", "/mnt/models");
            Assert.Matches("/mnt/models -> /proc/[0-9]+/root/models", link.Output);
            Assert.True((await http.GetAsync("/v2/models/Modelcar")).IsSuccessStatusCode);
        }
        finally
        {
            Podman(directory, "kube", "down", pod);
            Podman(directory, "volume", "rm", "-f", $"{name}-mnt");
        }
    }

    private const string KServeContract = "/mnt/models/contract.json";
}
