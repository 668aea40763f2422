using System.Globalization;
using System.Text;

namespace ModelSdk.Contracts.Writers;

/// <summary>README.md: a model card people read on a registry or package page.</summary>
public static class ModelCardWriter
{
    public static byte[] Write(ContractSet contracts)
    {
        var md = new StringBuilder();
        md.Append($"# {contracts.Name} {contracts.Version}\n\n");
        if (contracts.Description.Length > 0)
        {
            md.Append(contracts.Description).Append("\n\n");
        }
        if (contracts.Authors.Count > 0)
        {
            md.Append($"Authors: {string.Join(", ", contracts.Authors)}\n\n");
        }
        if (contracts.License.Length > 0)
        {
            md.Append($"License: {contracts.License}\n\n");
        }
        WriteCatalog(md, contracts.Catalog);
        foreach (var model in contracts.Models)
        {
            WriteModel(md, model, contracts.IsSingleModel);
        }
        WritePreprocessing(md, contracts.Preprocessing);
        WriteParameters(md, contracts.Parameters);
        WriteResources(md, contracts.Resources);
        return new UTF8Encoding(false).GetBytes(md.ToString());
    }

    // The catalog fields as the project declares them (alwaysAI's catalog page shows the same).
    private static void WriteCatalog(StringBuilder md, ModelSdk.ContractModel.CatalogDetails? catalog)
    {
        if (catalog is null)
            return;
        md.Append("## Catalog\n\n");
        void Line(string name, string? value)
        {
            if (value is not null)
                md.Append($"- {name}: {value}\n");
        }
        Line("Dataset", catalog.Dataset);
        Line("Website", catalog.Website);
        Line("Accuracy", catalog.Accuracy);
        Line("mAP top-1", catalog.MeanAveragePrecisionTop1);
        Line("mAP top-5", catalog.MeanAveragePrecisionTop5);
        Line("Inference time (declared)", catalog.InferenceTime);
        md.Append('\n');
    }

    private static void WriteModel(StringBuilder md, ServedModel model, bool single)
    {
        md.Append(single ? "## Model\n\n" : $"## Model `{model.Name}`\n\n");
        md.Append($"- Name: `{model.Name}`\n");
        md.Append($"- Framework: {model.Framework.Name()} (`{model.Framework.Platform()}`)\n");
        md.Append($"- Purpose: {model.Purpose}\n");
        if (model.Architecture is not null)
            md.Append($"- Architecture: {model.Architecture}\n");
        md.Append($"- File: `{model.FileName}`\n");
        md.Append(model.Labels is null ? "- Labels: none\n" : $"- Labels: {model.Labels.Count}\n");
        if (model.Onnx is { } onnx)
        {
            var producer = $"{onnx.ProducerName} {onnx.ProducerVersion}".Trim();
            md.Append(
                $"- ONNX producer: {(producer.Length > 0 ? producer : "unknown")}, IR version {onnx.IrVersion}\n"
            );
            var opsets = onnx.Opsets.Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)} {o.Version}");
            md.Append($"- Opsets: {string.Join(", ", opsets)}\n");
        }
        md.Append('\n');
        WriteFields(md, "Inputs", model.Inputs);
        WriteFields(md, "Outputs", model.Outputs);
    }

    private static void WriteFields(StringBuilder md, string title, IReadOnlyList<TensorField> fields)
    {
        md.Append(
            $"### {title}\n\n| Name | Datatype | Shape | Profile | Description |\n| --- | --- | --- | --- | --- |\n"
        );
        foreach (var f in fields)
        {
            var shape = f.Shape is null
                ? "unknown"
                : "[" + string.Join(", ", f.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
            md.Append($"| `{Cell(f.Name)}` | {f.Datatype} | {shape} | {f.Profile.Name()} | {Cell(f.Description)} |\n");
        }
        md.Append('\n');
    }

    private static void WritePreprocessing(StringBuilder md, Preprocessing p)
    {
        if (p.IsEmpty)
        {
            return;
        }
        md.Append("## Preprocessing\n\n");
        if (p.InputWidth is not null)
        {
            md.Append($"- Input size: {p.InputWidth}x{p.InputHeight}\n");
        }
        if (p.Mean is not null)
        {
            md.Append($"- Mean: {string.Join(", ", p.Mean.Select(Number))}\n");
        }
        if (p.ScaleFactor is { } scale)
        {
            md.Append($"- Scale factor: {Number(scale)}\n");
        }
        Flag(md, "Swap R/B", p.SwapRB);
        Flag(md, "Crop", p.Crop);
        if (p.Decode is not null)
        {
            md.Append("- Image decode: reduced (JPEG at 1/2, 1/4 or 1/8 scale when the input size allows)\n");
        }
        Flag(md, "Softmax", p.Softmax);
        if (p.ColorsFile is not null)
        {
            md.Append($"- Colors: `{OutputLayout.ColorsFile}`\n");
        }
        md.Append('\n');
    }

    private static void WriteParameters(StringBuilder md, IReadOnlyList<ModelParameter> parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        md.Append(
            "## Parameters\n\n| Name | Type | Default | Environment variable | Description |\n| --- | --- | --- | --- | --- |\n"
        );
        foreach (var p in parameters)
        {
            md.Append($"| `{p.Name}` | {p.Type} | {Cell(p.Default ?? "")} | `{p.Env}` | {Cell(p.Description)} |\n");
        }
        md.Append('\n');
    }

    private static void WriteResources(StringBuilder md, Resources r)
    {
        if (r.IsEmpty)
        {
            return;
        }
        md.Append("## Resources\n\n");
        Line(md, "Max memory (MB)", r.MaxMemoryMB);
        if (r.Cores is { } cores)
        {
            md.Append($"- CPU cores: {Number(cores)}\n");
        }
        Line(md, "GPUs", r.Gpus);
        Line(md, "Replicas", r.Replicas);
        Line(md, "Max batch size", r.MaxBatchSize);
        Line(md, "Max queue delay (ms)", r.MaxQueueDelayMs);
        md.Append('\n');
    }

    private static void Line(StringBuilder md, string label, long? value)
    {
        if (value is { } v)
        {
            md.Append($"- {label}: {v.ToString(CultureInfo.InvariantCulture)}\n");
        }
    }

    private static void Flag(StringBuilder md, string label, bool? value)
    {
        if (value is { } v)
        {
            md.Append($"- {label}: {(v ? "yes" : "no")}\n");
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
