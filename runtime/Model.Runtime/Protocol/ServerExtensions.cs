namespace ModelRuntime.Protocol;

/// <summary>The protocol extensions GET /v2 lists: exactly those this server implements in full.</summary>
public static class ServerExtensions
{
    // model_repository is left out: its index is served (POST /v2/repository/index) but load/unload are not.
    public static readonly string[] Names = ["binary_tensor_data", "classification", "model_repository", "statistics"];
}
