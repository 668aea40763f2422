using ModelSdk.Onnx.Wire;

namespace ModelSdk.Onnx;

/// <summary>Reads an ONNX ModelProto's interface by streaming over the protobuf wire format, skipping weights.</summary>
public static class OnnxReader
{
    /// <exception cref="ModelSdkException">
    /// MODEL0001 unreadable file, MODEL0002 not ONNX / truncated / corrupt, MODEL0013 external data outside the
    /// model's folder, MODEL0020 external data file missing.
    /// </exception>
    public static OnnxModelInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw Missing(path, "is a folder, not a model file. Point it at the .onnx file inside");
        if (!File.Exists(path))
            throw Missing(path, "does not exist. Check the path, or export the model to ONNX first");
        FileStream stream;
        try
        {
            // No FileStream buffer: WireReader has its own and seeks a lot.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Missing(path, $"cannot be opened ({e.Message.TrimEnd('.')}). Check that it is readable", e);
        }
        using (stream)
            return Read(stream, path);
    }

    /// <summary>Reads from an open seekable stream; <paramref name="path"/> names the file in messages and anchors external data.</summary>
    internal static OnnxModelInfo Read(Stream stream, string path)
    {
        OnnxModelInfo info;
        IReadOnlyList<(string Location, string Initializer)> external;
        try
        {
            if (stream.Length == 0)
                throw Corrupt(path, "is empty (0 bytes). Export or download the model again");
            var scanner = new ModelProtoScanner(new WireReader(stream));
            try
            {
                scanner.ScanModel();
            }
            catch (OnnxFormatException e)
            {
                throw Corrupt(path, Explain(stream, e), e);
            }
            if (!scanner.HasGraph || scanner.IrVersion <= 0)
            {
                var what = !scanner.HasGraph ? "has no graph" : "has no ir_version";
                var foreign = Sniff(stream);
                throw Corrupt(
                    path,
                    foreign is not null
                        ? NotOnnx(foreign)
                        : $"{what}, so it is not a usable ONNX model. Re-export it with an ONNX exporter (torch.onnx.export, tf2onnx, skl2onnx)"
                );
            }
            // ONNX requires an opset import from IR 3 on; runtimes refuse models without one, and its absence
            // also catches a file cut right after the graph (opset_import is written after it).
            if (scanner.IrVersion >= 3 && scanner.OpsetCount == 0)
                throw Corrupt(
                    path,
                    "has no opset_import, which every ONNX model needs: the file may be cut short or the exporter is broken. Export the model again"
                );
            info = scanner.ToModelInfo();
            external = scanner.ExternalData;
        }
        catch (IOException e)
        {
            throw Missing(path, $"could not be read ({e.Message.TrimEnd('.')})", e);
        }
        ExternalDataValidator.Validate(path, external);
        return info;
    }

    private static string Explain(Stream stream, OnnxFormatException e)
    {
        var foreign = Sniff(stream);
        if (foreign is not null)
            return NotOnnx(foreign);
        return e.Truncated
            ? $"is cut short: {e.Message}. The file is incomplete, probably from an interrupted download or copy; download or export it again"
            : $"is not a valid ONNX model: {e.Message}. The file is damaged or is another format; export the model to ONNX again";
    }

    private static string NotOnnx(string foreign) =>
        $"is not an ONNX model (it looks like {foreign}). Point the project at a binary .onnx file exported from your framework";

    private static string? Sniff(Stream stream)
    {
        try
        {
            var head = new byte[(int)Math.Min(FileSignature.HeadLength, stream.Length)];
            stream.Position = 0;
            stream.ReadExactly(head);
            return FileSignature.Describe(head);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static ModelSdkException Missing(string path, string what, Exception? inner = null) =>
        new(ErrorCodes.ModelFileMissing, $"The model file {path} {what}.", path, inner: inner);

    private static ModelSdkException Corrupt(string path, string what, Exception? inner = null) =>
        new(ErrorCodes.ModelFileCorrupt, $"The model file {path} {what}.", path, inner: inner);
}
