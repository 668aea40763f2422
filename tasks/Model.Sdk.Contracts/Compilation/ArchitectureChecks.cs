namespace ModelSdk.Contracts.Compilation;

/// <summary>ModelArchitecture: a known value, and one for every detector so the runtime can read its boxes.</summary>
internal static class ArchitectureChecks
{
    public static string? Parse(string? raw, string setting, string file, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var architecture = ModelArchitectures.Parse(raw);
        if (architecture is null)
            bag.Error(
                ErrorCodes.UnknownArchitecture,
                $"{setting} '{raw.Trim()}' is unknown; use one of: {string.Join(", ", ModelArchitectures.Names)} (ssd: TF object-detection-API boxes/classes/scores outputs; yolo: YOLOv5 [batch,N,5+classes] or YOLOv8 [batch,4+classes,N]).",
                file
            );
        return architecture;
    }

    public static void Check(ServedModel model, string itemFile, string projectFile, DiagnosticBag bag)
    {
        if (model.Purpose != ModelPurpose.ObjectDetection || model.Architecture is not null)
            return;
        bag.Warning(
            ErrorCodes.DetectorWithoutArchitecture,
            $"ObjectDetection model '{model.Name}' has no ModelArchitecture, so the runtime cannot read boxes from its outputs and its predictions are the raw outputs; set <ModelArchitecture>ssd</ModelArchitecture> or yolo (or Architecture=\"...\" on <Model Update=\"{itemFile.Trim()}\" />).",
            projectFile
        );
    }
}
