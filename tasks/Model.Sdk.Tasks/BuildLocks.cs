using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ModelSdk.Tasks;

/// <summary>Takes the project's <see cref="BuildLock"/> for a task, telling the user once when it has to wait.</summary>
internal static class BuildLocks
{
    /// <param name="timeoutSeconds">ModelBuildLockTimeout: whole seconds; empty means <see cref="BuildLock.DefaultTimeout"/>.</param>
    public static BuildLock? Acquire(string? lockFile, string? timeoutSeconds, string what, TaskLoggingHelper log)
    {
        if (string.IsNullOrWhiteSpace(lockFile))
        {
            return null;
        }
        var timeout = BuildLock.DefaultTimeout;
        if (!string.IsNullOrWhiteSpace(timeoutSeconds))
        {
            timeout = int.TryParse(
                timeoutSeconds.Trim(),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var seconds
            )
                ? TimeSpan.FromSeconds(seconds)
                : throw new ModelSdkException(
                    ErrorCodes.InvalidNumber,
                    $"ModelBuildLockTimeout '{timeoutSeconds}' is not a whole number of seconds. Use e.g. 600 (the default, 10 minutes)."
                );
        }
        return BuildLock.Acquire(lockFile, what, timeout, m => log.LogMessage(MessageImportance.High, m));
    }
}
