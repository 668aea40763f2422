using System.Text;

namespace ModelSdk.Oci.Tests;

/// <summary>Writes a model folder like the contract step does: contract.json, contract.protobin, files/ ...</summary>
public static class ModelFolder
{
    public const string ContractJson = """
        {
          "models": [{ "name": "faces", "versions": ["1"], "platform": "onnx", "inputs": [], "outputs": [] }],
          "modelDetails": [
            {
              "name": "faces",
              "file": "files/faces.onnx",
              "framework": "onnx",
              "purpose": "classification",
              "parameters": [
                { "name": "threshold", "type": "float", "default": 0.5, "description": "cut-off", "env": "MODEL_PARAM_THRESHOLD" },
                { "name": "top_k", "type": "int", "default": 3, "description": "how many", "env": "MODEL_PARAM_TOP_K" },
                { "name": "mode", "type": "string", "default": "fast", "env": "FACES_MODE" }
              ],
              "resources": { "memory": "512Mi", "gpu": false }
            }
          ],
          "package": { "name": "Faces", "version": "1.2.3", "description": "Finds faces", "authors": ["Ada", "Bob"], "tags": ["vision"], "license": "MIT" }
        }
        """;

    /// <summary>Creates the folder with a model file of <paramref name="modelBytes"/> deterministic bytes.</summary>
    public static string Create(string directory, int modelBytes = 64 * 1024, string contractJson = ContractJson)
    {
        Directory.CreateDirectory(Path.Combine(directory, "files"));
        File.WriteAllText(Path.Combine(directory, "contract.json"), contractJson);
        File.WriteAllBytes(
            Path.Combine(directory, "contract.protobin"),
            [0x0a, 0x05, (byte)'f', (byte)'a', (byte)'c', (byte)'e', (byte)'s']
        );
        File.WriteAllText(Path.Combine(directory, "serving.yaml"), "name: faces\nport: 8080\n");
        File.WriteAllText(Path.Combine(directory, "README.md"), "# Faces\n");
        File.WriteAllText(Path.Combine(directory, "labels.txt"), "face\nno-face\n");
        File.WriteAllBytes(Path.Combine(directory, "files", "faces.onnx"), Bytes(modelBytes, seed: 1));
        File.WriteAllText(Path.Combine(directory, "files", "vocab.txt"), "a\nb\n");
        return directory;
    }

    public static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void WriteText(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(false));
}
