namespace ModelSdk.Oci;

/// <summary>A written layer: the blob digest and size, and the diff_id (digest of the uncompressed tar).</summary>
public sealed record LayerDescriptor(string MediaType, string Digest, long Size, string DiffId);
