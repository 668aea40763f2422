using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelSdk.Contracts.Writers;

/// <summary>
/// contract.json: <c>models</c> holds exactly Open Inference Protocol model metadata (served as-is); everything else
/// lives under <c>modelDetails</c> and <c>package</c>. Indented, '\n' line endings, stable key order.
/// </summary>
public static class ContractJsonWriter
{
    public const int FormatVersion = 1;

    public static byte[] Write(ContractSet contracts)
    {
        var layout = new OutputLayout(contracts);
        using var buffer = new MemoryStream();
        using (
            var json = new Utf8JsonWriter(
                buffer,
                new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        )
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteStartArray("models");
            foreach (var model in contracts.Models)
            {
                WriteMetadata(json, model, contracts.Version);
            }
            json.WriteEndArray();
            json.WriteStartArray("modelDetails");
            foreach (var model in contracts.Models)
            {
                WriteDetails(json, model, contracts, layout);
            }
            json.WriteEndArray();
            WritePackage(json, contracts);
            json.WriteEndObject();
        }
        // net8's writer uses Environment.NewLine; strings escape CR, so every raw CR here is a line break.
        var text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n");
        return Encoding.UTF8.GetBytes(text + "\n");
    }

    private static void WriteMetadata(Utf8JsonWriter json, ServedModel model, string version)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteStartArray("versions");
        json.WriteStringValue(version);
        json.WriteEndArray();
        json.WriteString("platform", model.Framework.Platform());
        WriteTensors(json, "inputs", model.Inputs);
        WriteTensors(json, "outputs", model.Outputs);
        json.WriteEndObject();
    }

    private static void WriteTensors(Utf8JsonWriter json, string key, IReadOnlyList<TensorField> fields)
    {
        json.WriteStartArray(key);
        foreach (var field in fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("datatype", field.Datatype);
            json.WriteStartArray("shape");
            foreach (var dim in field.OipShape)
            {
                json.WriteNumberValue(dim);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteDetails(Utf8JsonWriter json, ServedModel model, ContractSet contracts, OutputLayout layout)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteString("file", layout.ModelFile(model));
        json.WriteStartArray("externalData");
        foreach (var data in model.ExternalData)
        {
            json.WriteStringValue(layout.ExternalData(model, data));
        }
        json.WriteEndArray();
        json.WriteString("framework", model.Framework.Name());
        json.WriteString("purpose", model.Purpose.ToString());
        if (model.Labels is null)
        {
            json.WriteNull("labels");
        }
        else
        {
            json.WriteStartObject("labels");
            json.WriteString("file", layout.Labels(model));
            json.WriteNumber("count", model.Labels.Count);
            json.WriteEndObject();
        }
        WritePreprocessing(json, contracts.Preprocessing, layout);
        WriteParameters(json, contracts.Parameters);
        WriteResources(json, contracts.Resources);
        WriteFieldDetails(json, "inputs", model.Inputs);
        WriteFieldDetails(json, "outputs", model.Outputs);
        WriteOnnx(json, model);
        json.WriteEndObject();
    }

    private static void WritePreprocessing(Utf8JsonWriter json, Preprocessing p, OutputLayout layout)
    {
        json.WriteStartObject("preprocessing");
        WriteOptional(json, "inputWidth", p.InputWidth);
        WriteOptional(json, "inputHeight", p.InputHeight);
        if (p.Mean is null)
        {
            json.WriteNull("mean");
        }
        else
        {
            json.WriteStartArray("mean");
            foreach (var m in p.Mean)
            {
                json.WriteNumberValue(m);
            }
            json.WriteEndArray();
        }
        WriteOptional(json, "scaleFactor", p.ScaleFactor);
        WriteOptional(json, "swapRB", p.SwapRB);
        WriteOptional(json, "crop", p.Crop);
        WriteOptional(json, "softmax", p.Softmax);
        json.WriteString("colorsFile", layout.Colors);
        json.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter json, IReadOnlyList<ModelParameter> parameters)
    {
        json.WriteStartArray("parameters");
        foreach (var p in parameters)
        {
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("type", p.Type);
            json.WriteString("default", p.Default);
            json.WriteString("description", p.Description);
            json.WriteString("env", p.Env);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteResources(Utf8JsonWriter json, Resources r)
    {
        json.WriteStartObject("resources");
        WriteOptional(json, "maxMemoryMB", r.MaxMemoryMB);
        WriteOptional(json, "cores", r.Cores);
        WriteOptional(json, "gpus", r.Gpus);
        WriteOptional(json, "replicas", r.Replicas);
        json.WriteEndObject();
        json.WriteStartObject("batching");
        WriteOptional(json, "maxBatchSize", r.MaxBatchSize);
        WriteOptional(json, "maxQueueDelayMs", r.MaxQueueDelayMs);
        json.WriteEndObject();
    }

    private static void WriteFieldDetails(Utf8JsonWriter json, string key, IReadOnlyList<TensorField> fields)
    {
        json.WriteStartArray(key);
        foreach (var field in fields)
        {
            json.WriteStartObject();
            json.WriteString("name", field.Name);
            json.WriteString("onnxName", field.OnnxName);
            if (field.DimNames is null)
            {
                json.WriteNull("dims");
            }
            else
            {
                json.WriteStartArray("dims");
                foreach (var dim in field.DimNames)
                {
                    json.WriteStringValue(dim);
                }
                json.WriteEndArray();
            }
            json.WriteString("profile", field.Profile.Name());
            json.WriteString("description", field.Description);
            json.WriteString("onnxType", field.OnnxType);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteOnnx(Utf8JsonWriter json, ServedModel model)
    {
        if (model.Onnx is not { } onnx)
        {
            json.WriteNull("onnx");
            return;
        }
        json.WriteStartObject("onnx");
        json.WriteNumber("irVersion", onnx.IrVersion);
        json.WriteString("producerName", onnx.ProducerName);
        json.WriteString("producerVersion", onnx.ProducerVersion);
        json.WriteString("domain", onnx.Domain);
        json.WriteNumber("modelVersion", onnx.ModelVersion);
        json.WriteStartArray("opsets");
        foreach (var opset in onnx.Opsets)
        {
            json.WriteStartObject();
            json.WriteString("domain", opset.Domain);
            json.WriteNumber("version", opset.Version);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        // Sorted so the bytes do not depend on the order the exporter wrote the entries in.
        json.WriteStartObject("metadata");
        foreach (var (key, value) in onnx.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteString("docString", onnx.DocString);
        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, ContractSet contracts)
    {
        json.WriteStartObject("package");
        json.WriteString("name", contracts.Name);
        json.WriteString("version", contracts.Version);
        json.WriteString("description", contracts.Description);
        WriteStrings(json, "authors", contracts.Authors);
        WriteStrings(json, "tags", contracts.Tags);
        json.WriteString("license", contracts.License);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string key, IReadOnlyList<string> values)
    {
        json.WriteStartArray(key);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }
        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string key, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string key, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string key, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(key, v);
        }
        else
        {
            json.WriteNull(key);
        }
    }
}
