namespace ModelSdk.Onnx;

/// <summary>Checks that external weight files named by a model sit safely next to it.</summary>
public static class ExternalDataValidator
{
    /// <summary>The full path of an external data location (a POSIX-style path relative to the model's folder).</summary>
    public static string Resolve(string modelPath, string location) =>
        Path.GetFullPath(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, location.Replace('\\', '/'))
        );

    /// <param name="locations">Location and the first initializer that uses it.</param>
    public static void Validate(string modelPath, IEnumerable<(string Location, string Initializer)> locations)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var folderWithSlash = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        foreach (var (location, initializer) in locations)
        {
            // ONNX locations are POSIX paths, but a Windows runtime would also split on backslashes (see Resolve).
            var full = Resolve(modelPath, location);
            if (IsRooted(location) || !full.StartsWith(folderWithSlash, StringComparison.Ordinal))
            {
                throw new ModelSdkException(
                    ErrorCodes.PathEscapesOutput,
                    $"{modelPath}: initializer '{initializer}' keeps its weights in '{location}', which is outside the model's folder. "
                        + "ONNX external data must be a relative path inside the folder of the .onnx file: re-save the model with its external data next to it.",
                    modelPath
                );
            }
            if (!File.Exists(full))
            {
                throw new ModelSdkException(
                    ErrorCodes.ExternalDataMissing,
                    $"{modelPath}: the model keeps the weights of initializer '{initializer}' in the external file '{location}', which does not exist (looked for {full}). "
                        + $"Copy '{location}' next to {Path.GetFileName(modelPath)}, or re-export the model with its weights embedded.",
                    modelPath
                );
            }
            InputFile.Check(
                full,
                folder,
                $"The external data file of initializer '{initializer}' in {Path.GetFileName(modelPath)}",
                modelPath
            );
        }
    }

    // Rooted on any platform: "/x", "\\x", "C:\x", "C:x", "\\server\share".
    private static bool IsRooted(string location) =>
        Path.IsPathRooted(location)
        || location.StartsWith('/')
        || location.StartsWith('\\')
        || (location.Length >= 2 && location[1] == ':' && char.IsAsciiLetter(location[0]));
}
