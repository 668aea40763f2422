using System.Globalization;
using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// Checks the declared catalog properties: the website is an absolute http(s) URL; accuracy and mAP are a fraction
/// (0.713) or a percentage (71.3%). Values are kept as written (trimmed); unset ones stay null.
/// </summary>
internal static class CatalogParser
{
    public static CatalogDetails? Parse(CatalogDetails spec, string file, DiagnosticBag bag)
    {
        var catalog = new CatalogDetails
        {
            Dataset = Trim(spec.Dataset),
            Website = Trim(spec.Website),
            Accuracy = Share(spec.Accuracy, "ModelAccuracy", file, bag),
            MeanAveragePrecisionTop1 = Share(spec.MeanAveragePrecisionTop1, "ModelMeanAveragePrecisionTop1", file, bag),
            MeanAveragePrecisionTop5 = Share(spec.MeanAveragePrecisionTop5, "ModelMeanAveragePrecisionTop5", file, bag),
            InferenceTime = Trim(spec.InferenceTime),
        };
        if (
            catalog.Website is { } url
            && !(
                Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            )
        )
        {
            bag.Error(
                ErrorCodes.CatalogValueInvalid,
                $"PackageProjectUrl '{url}' is not an absolute http(s) URL; write the model's web page, e.g. https://example.com/models/faces.",
                file
            );
        }
        return catalog.IsEmpty ? null : catalog;
    }

    private static string? Share(string? text, string property, string file, DiagnosticBag bag)
    {
        var value = Trim(text);
        if (value is null)
            return null;
        var percent = value.EndsWith('%');
        var number = percent ? value[..^1].TrimEnd() : value;
        var ok =
            double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && v >= 0
            && v <= (percent ? 100 : 1);
        if (!ok)
        {
            bag.Error(
                ErrorCodes.CatalogValueInvalid,
                $"{property} '{value}' is not a fraction from 0 to 1 or a percentage from 0% to 100%; write e.g. 0.713 or 71.3% ('.' as decimal point).",
                file
            );
        }
        return value;
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
