namespace ModelSdk;

/// <summary>
/// A user-facing failure with a stable code. MSBuild tasks turn it into an error that names the file and the fix;
/// nothing else in the libraries throws at users.
/// </summary>
public sealed class ModelSdkException : Exception
{
    public ModelSdkException(string code, string message, string? file = null, int line = 0, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Line = line;
    }

    /// <summary>A code from <see cref="ErrorCodes"/>, e.g. MODEL0001.</summary>
    public string Code { get; }

    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>, or 0 when there is none.</summary>
    public int Line { get; }
}
