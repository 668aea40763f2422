using Microsoft.Build.Framework;

namespace ModelSdk.Tasks;

/// <summary>
/// Adapter: touches <see cref="StampFile"/> when the identity of <see cref="Files"/> differs from what the last
/// successful contract build recorded in <see cref="BuiltFile"/> (see <see cref="InputStamp"/>).
/// </summary>
public sealed class ModelInputsStamp : ModelSdkTask
{
    public ITaskItem[] Files { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string StampFile { get; set; } = "";

    [Required]
    public string BuiltFile { get; set; } = "";

    protected override void Run()
    {
        var current = InputStamp.Describe(Files.Select(f => f.ItemSpec), ProjectDirectory);
        if (InputStamp.Refresh(StampFile, BuiltFile, current))
        {
            Log.LogMessage(MessageImportance.Low, $"Model inputs changed since the last build: {StampFile} updated.");
        }
    }
}
