using System.Globalization;
using System.Text.Json;

namespace ModelSdk.Contracts.Imports;

/// <summary>model_parameters of alwaysai.model.json: files, framework, purpose and cv2.dnn.blobFromImage settings.</summary>
internal static class AlwaysAiParameters
{
    public static void Read(FolderImport import, JsonElement parameters, string path)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
            throw AlwaysAiImporter.Invalid(path, "'model_parameters' must be an object", 0);
        var unknown = new List<string>();
        foreach (var field in parameters.EnumerateObject())
        {
            if (!ReadOne(import, field, path))
                unknown.Add(field.Name);
        }
        import.Unsupported(
            unknown,
            "model_parameters",
            "Model.Sdk has no setting for them (the ONNX Runtime in the image chooses batch size, device and output layers itself)."
        );
    }

    private static bool ReadOne(FolderImport import, JsonProperty field, string path)
    {
        var v = field.Value;
        var name = field.Name;
        string? Text() => AlwaysAiImporter.Text(v, name, path);
        switch (name)
        {
            case "framework_type":
                import.Set("ModelFramework", Text(), name);
                return true;
            case "model_file":
                import.ModelFile = Text();
                return true;
            case "label_file":
                import.LabelFile = Text();
                return true;
            case "config_file":
                import.ConfigFile = Text();
                return true;
            case "colors_file":
                import.Set("ModelColorsFile", Text(), name);
                return true;
            case "mean":
                import.Set("ModelMean", Numbers(v, name, path, ","), name);
                return true;
            case "size":
                import.Set("ModelInputSize", Numbers(v, name, path, "x"), name);
                return true;
            case "scalefactor":
                import.Set("ModelScaleFactor", AlwaysAiImporter.Number(v, name, path), name);
                return true;
            case "crop" or "swaprb" or "softmax":
                var property = name switch
                {
                    "crop" => "ModelCrop",
                    "swaprb" => "ModelSwapRB",
                    _ => "ModelSoftmax",
                };
                import.Set(property, Bool(v, name, path), name);
                return true;
            case "purpose":
                ReadPurpose(import, Text());
                return true;
            case "architecture":
                ReadArchitecture(import, Text());
                return true;
            default:
                return false;
        }
    }

    private static void ReadPurpose(FolderImport import, string? purpose)
    {
        if (purpose is "InstanceSegmentation" or "ReIdentification")
        {
            import.Unsupported(
                [purpose],
                "purpose",
                "Model.Sdk has no typed prediction for it; the model is served as Custom (its raw outputs)."
            );
            import.Set("ModelPurpose", "Custom", "purpose");
            return;
        }
        import.Set("ModelPurpose", purpose, "purpose");
    }

    /// <summary>alwaysAI names detector variants (yolov5, yolov8, ssd_mobilenet…); Model.Sdk knows the two layouts.</summary>
    private static void ReadArchitecture(FolderImport import, string? architecture)
    {
        if (string.IsNullOrWhiteSpace(architecture))
            return;
        var lower = architecture.Trim().ToLowerInvariant();
        var layout =
            lower.StartsWith("yolo", StringComparison.Ordinal) ? "yolo"
            : lower.StartsWith("ssd", StringComparison.Ordinal) ? "ssd"
            : null;
        if (layout is null)
        {
            import.Unsupported(
                [architecture],
                "architecture",
                "Model.Sdk reads detector outputs in the 'ssd' and 'yolo' layouts only; set ModelArchitecture if one fits."
            );
            return;
        }
        import.Set("ModelArchitecture", layout, "architecture");
    }

    private static string? Numbers(JsonElement v, string field, string path, string separator)
    {
        if (v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
            throw AlwaysAiImporter.Invalid(path, $"'{field}' must be an array of numbers, e.g. [300, 300]", 0);
        return string.Join(
            separator,
            v.EnumerateArray().Select(e => e.GetDouble().ToString("R", CultureInfo.InvariantCulture))
        );
    }

    private static string? Bool(JsonElement v, string field, string path) =>
        v.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => null,
            _ => throw AlwaysAiImporter.Invalid(path, $"'{field}' must be true or false", 0),
        };
}
