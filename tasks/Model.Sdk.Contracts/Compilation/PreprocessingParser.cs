namespace ModelSdk.Contracts.Compilation;

internal static class PreprocessingParser
{
    private static readonly char[] SizeSeparators = ['x', 'X', ',', ';', '*'];
    private static readonly char[] ListSeparators = [',', ';'];

    public static Preprocessing Parse(PreprocessingSpec spec, ProjectSpec project, DiagnosticBag bag)
    {
        var raw = new RawValues(project.ProjectFile, bag);
        var (width, height) = ParseSize(spec.InputSize, project.ProjectFile, bag);
        return new Preprocessing
        {
            InputWidth = width,
            InputHeight = height,
            Mean = ParseMean(spec.Mean, project.ProjectFile, bag),
            ScaleFactor = raw.PositiveNumber(spec.ScaleFactor, "ModelScaleFactor"),
            SwapRB = raw.Bool(spec.SwapRB, "ModelSwapRB"),
            Crop = raw.Bool(spec.Crop, "ModelCrop"),
            Decode = ParseDecode(spec.ImageDecode, project.ProjectFile, bag),
            Softmax = raw.Bool(spec.Softmax, "ModelSoftmax"),
            ColorsFile = ProjectFiles.Resolve(spec.ColorsFile, "ModelColorsFile", project, bag),
        };
    }

    private static (int?, int?) ParseSize(string? raw, string file, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null);
        }
        var parts = raw.Split(SizeSeparators, StringSplitOptions.TrimEntries);
        var sizes = parts
            .Select(p =>
                int.TryParse(p, System.Globalization.NumberStyles.None, null, out var v) && v > 0 ? v : (int?)null
            )
            .ToList();
        if (parts.Length is < 1 or > 2 || sizes.Any(s => s is null))
        {
            bag.Error(
                ErrorCodes.InvalidNumber,
                $"ModelInputSize is '{raw}'; write WIDTHxHEIGHT with positive whole numbers, e.g. 224x224.",
                file
            );
            return (null, null);
        }
        return (sizes[0], sizes[^1]);
    }

    private static string? ParseDecode(string? raw, string file, DiagnosticBag bag)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("Exact", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (value.Equals("Reduced", StringComparison.OrdinalIgnoreCase))
        {
            return ContractModel.PreprocessingDetails.ReducedDecode;
        }
        bag.Error(
            ErrorCodes.InvalidImageDecode,
            $"ModelImageDecode is '{raw}'; write Exact (the default: images decoded at full size, as cv2.imdecode) or Reduced (a JPEG decoded at 1/2, 1/4 or 1/8 scale when that still covers the network input size, as OpenCV's IMREAD_REDUCED_COLOR_N).",
            file
        );
        return null;
    }

    private static IReadOnlyList<double>? ParseMean(string? raw, string file, DiagnosticBag bag)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var parts = raw.Split(ListSeparators, StringSplitOptions.TrimEntries);
        var values = new List<double>();
        foreach (var part in parts)
        {
            if (!RawValues.TryParseNumber(part, out var value))
            {
                break;
            }
            values.Add(value);
        }
        if (parts.Length != 3 || values.Count != 3)
        {
            bag.Error(
                ErrorCodes.InvalidMean,
                $"ModelMean is '{raw}'; write exactly three numbers (one per channel), e.g. 104,117,123.",
                file
            );
            return null;
        }
        return values;
    }
}
