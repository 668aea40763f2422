namespace ModelSdk.Registry;

/// <summary>A failure worth retrying: dropped connection, timeout, refused connection.</summary>
internal sealed class TransientFailure(string message, Exception? inner, bool timedOut = false, bool refused = false)
    : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;

    public bool Refused { get; } = refused;

    public ModelSdkException ToCoded(string registry, string what, int attempts)
    {
        if (TimedOut)
        {
            return new ModelSdkException(
                ErrorCodes.RegistryTimeout,
                $"{registry} did not answer {what} in time ({Message}), {attempts} attempts. Check the network; a slow link may need a larger timeout.",
                inner: this
            );
        }
        return new ModelSdkException(
            ErrorCodes.RegistryUnreachable,
            Refused
                ? $"{registry} could not be reached ({Message}) after {attempts} attempts. Check ContainerRegistry (host and port), that the registry is running, and proxy settings (HTTPS_PROXY/NO_PROXY)."
                : $"The connection to {registry} kept failing during {what} ({Message}) after {attempts} attempts. Check the network and the registry's health, then publish again; blobs already sent are not sent again.",
            inner: this
        );
    }
}
