namespace ModelSdk.Registry;

public enum BlobState
{
    /// <summary>Bytes are being sent; <see cref="BlobProgress.BytesDone"/> grows.</summary>
    Uploading,

    /// <summary>The registry already had the blob; nothing was sent.</summary>
    Skipped,

    /// <summary>The registry linked the blob from another repository; nothing was sent.</summary>
    Mounted,

    /// <summary>The upload finished and the registry confirmed the digest.</summary>
    Uploaded,

    /// <summary>Bytes are being received (pull).</summary>
    Downloading,

    /// <summary>The blob was downloaded and verified (pull), or was already in the local cache.</summary>
    Downloaded,
}

/// <summary>One progress report for one blob. <paramref name="Detail"/> names the mount source when mounted.</summary>
public sealed record BlobProgress(string Digest, long Size, BlobState State, long BytesDone, string? Detail = null);
