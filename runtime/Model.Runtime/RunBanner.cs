using System.Globalization;
using System.Text;
using ModelRuntime.Serving;
using ModelRuntime.Typed;

namespace ModelRuntime;

/// <summary>
/// What <c>dotnet run</c> prints once the server listens (MODEL_RUN_BANNER=true): the URLs, a curl line for each
/// model's kind of input (an image file, or a JSON record), and how to stop.
/// </summary>
public static class RunBanner
{
    public static string Text(IConfiguration config, ModelRepository repository)
    {
        var rest = Url(config, "MODEL_PORT", 8080);
        var b = new StringBuilder();
        if (!string.IsNullOrEmpty(config["urls"] ?? config["ASPNETCORE_URLS"]))
            b.AppendLine(CultureInfo.InvariantCulture, $"Serving on {config["urls"] ?? config["ASPNETCORE_URLS"]}");
        else
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"REST (Open Inference Protocol v2, KServe v1): {rest}");
            b.AppendLine(
                CultureInfo.InvariantCulture,
                $"gRPC (Open Inference Protocol v2):            {Url(config, "MODEL_GRPC_PORT", 8081)}"
            );
        }
        b.AppendLine(CultureInfo.InvariantCulture, $"Ready?  curl {rest}/v2/health/ready");
        foreach (var model in repository.Models)
        {
            if (model.Session is null)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"Model '{model.Name}' did not load: {model.LoadError}");
                continue;
            }
            b.AppendLine(CultureInfo.InvariantCulture, $"Predict: {Sample(model, rest)}");
        }
        b.AppendLine("Ctrl+C to stop.");
        return b.ToString();
    }

    private static string Url(IConfiguration config, string key, int fallback)
    {
        var host = config["MODEL_BIND_ADDRESS"] is { Length: > 0 } a && a is not ("0.0.0.0" or "::") ? a : "127.0.0.1";
        if (host.Contains(':'))
            host = $"[{host}]";
        var port = int.TryParse(config[key], out var p) && p is > 0 and < 65536 ? p : fallback;
        return $"http://{host}:{port}";
    }

    private static string Sample(ServedModel model, string rest)
    {
        var endpoint = $"{rest}/v1/models/{model.Name}:predict";
        var session = model.Session!;
        if (session.Inputs.Any(i => ImageInputLayout.Of(i, model.Entry.Preprocessing) is not null))
            return $"curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg' {endpoint}";
        var input = session.Inputs[0];
        var record = model.Entry.Features.TryGetValue(input.Name, out var features)
            ? "{" + string.Join(", ", features.Select(f => $"\"{f}\": 0")) + "}"
            : Zeros(input.Dimensions.Skip(1).ToArray());
        return $"curl -H 'Content-Type: application/json' -d '{{\"instances\": [{record}]}}' {endpoint}";
    }

    private static string Zeros(long[] shape) =>
        shape.Length == 0 ? "0"
        : shape[0] is > 0 and <= 16 ? "[" + string.Join(", ", Enumerable.Repeat(Zeros(shape[1..]), (int)shape[0])) + "]"
        : "[...]";
}
