using System.Diagnostics;

namespace ModelSdk;

/// <summary>
/// Serializes builds of one project's outputs: an exclusive lock on a file in obj/ (flock on Unix, a share-none
/// handle on Windows), taken around the steps that write the model folder and the image. A second build waits
/// for the first, polling with backoff, and gives up with MODEL0032 after the timeout. The OS drops the lock
/// when a build dies, so a killed build never leaves a stale lock behind.
/// </summary>
public sealed class BuildLock : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private readonly FileStream _handle;

    private BuildLock(FileStream handle) => _handle = handle;

    /// <param name="lockFile">The lock file (created when missing; its content is the holder's process id).</param>
    /// <param name="what">What is being built, for messages: "Faces (bin/Release/model/)".</param>
    /// <param name="onWait">Called once when the lock is busy, before waiting.</param>
    public static BuildLock Acquire(string lockFile, string what, TimeSpan timeout, Action<string>? onWait = null)
    {
        var full = Path.GetFullPath(lockFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(50);
        var told = false;
        while (true)
        {
            if (TryOpen(full) is { } handle)
            {
                handle.SetLength(0);
                handle.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
                handle.Flush();
                return new BuildLock(handle);
            }
            if (clock.Elapsed >= timeout)
            {
                throw new ModelSdkException(
                    ErrorCodes.BuildLocked,
                    $"Another build of {what} has held the lock '{full}' for {Format(timeout)} (it writes the same model folder and image). Wait for it to finish or stop it, then build again; set ModelBuildLockTimeout (seconds) to wait longer.",
                    full
                );
            }
            if (!told)
            {
                onWait?.Invoke(
                    $"Waiting for another build of {what} to finish (lock '{full}', waiting up to {Format(timeout)})."
                );
                told = true;
            }
            var remaining = timeout - clock.Elapsed;
            Thread.Sleep(
                delay < remaining ? delay
                : remaining > TimeSpan.Zero ? remaining
                : TimeSpan.Zero
            );
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    public void Dispose() => _handle.Dispose();

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // held by another build (EWOULDBLOCK from flock, or a sharing violation)
        }
    }

    private static string Format(TimeSpan span) =>
        span.TotalMinutes >= 1
            ? FormattableString.Invariant($"{span.TotalMinutes:0.#} minutes")
            : FormattableString.Invariant($"{span.TotalSeconds:0.#} seconds");
}
