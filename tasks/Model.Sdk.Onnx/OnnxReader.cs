namespace ModelSdk.Onnx;

/// <summary>Reads an ONNX ModelProto's interface by streaming over the protobuf wire format, skipping weights.</summary>
public static class OnnxReader
{
    /// <exception cref="ModelSdkException">MODEL0001 unreadable file, MODEL0002 not ONNX / truncated / corrupt.</exception>
    public static OnnxModelInfo Read(string path) => throw new NotImplementedException();
}
