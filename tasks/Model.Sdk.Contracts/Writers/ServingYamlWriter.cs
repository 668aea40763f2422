using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelSdk.Contracts.Writers;

/// <summary>
/// serving.yaml: one Hydrosphere <c>kind: Model</c> resource per model (several models: one YAML document each).
/// The file reads back through <see cref="Declared.DeclaredContractReader"/>.
/// </summary>
public static class ServingYamlWriter
{
    public static string RuntimeImage(ModelFramework framework) => $"model-sdk/{framework.Name()}-runtime:latest";

    public static byte[] Write(ContractSet contracts)
    {
        var layout = new OutputLayout(contracts);
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        foreach (var model in contracts.Models)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: contracts.IsSingleModel));
            WriteModel(emitter, model, contracts, layout);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return new UTF8Encoding(false).GetBytes(text.ToString().Replace("\r\n", "\n"));
    }

    private static void WriteModel(IEmitter y, ServedModel model, ContractSet contracts, OutputLayout layout)
    {
        y.Emit(new MappingStart());
        Plain(y, "kind", "Model");
        Plain(y, "name", model.Name);
        Plain(y, "runtime", RuntimeImage(model.Framework));
        Key(y, "payload");
        y.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
        foreach (var file in layout.Payload(model))
        {
            Value(y, file);
        }
        y.Emit(new SequenceEnd());
        Key(y, "contract");
        y.Emit(new MappingStart());
        Plain(y, "name", ProtobinWriter.SignatureName);
        WriteFields(y, "inputs", model.Inputs);
        WriteFields(y, "outputs", model.Outputs);
        y.Emit(new MappingEnd());
        Key(y, "metadata");
        y.Emit(new MappingStart());
        Quoted(y, "version", contracts.Version);
        Quoted(y, "framework", model.Framework.Name());
        Quoted(y, "platform", model.Framework.Platform());
        Quoted(y, "purpose", model.Purpose.ToString());
        if (contracts.Description.Length > 0)
        {
            Quoted(y, "description", contracts.Description);
        }
        if (model.Labels is not null)
        {
            Quoted(y, "labels", model.Labels.Count.ToString(CultureInfo.InvariantCulture));
        }
        y.Emit(new MappingEnd());
        y.Emit(new MappingEnd());
    }

    private static void WriteFields(IEmitter y, string key, IReadOnlyList<TensorField> fields)
    {
        Key(y, key);
        y.Emit(new MappingStart());
        foreach (var field in fields)
        {
            Key(y, field.Name);
            y.Emit(new MappingStart());
            if (field.Shape is { } shape)
            {
                Key(y, "shape");
                y.Emit(new SequenceStart(null, null, true, SequenceStyle.Flow));
                foreach (var dim in shape)
                {
                    y.Emit(new Scalar(dim.ToString(CultureInfo.InvariantCulture)));
                }
                y.Emit(new SequenceEnd());
            }
            Plain(y, "type", Datatypes.ToHydrosphereName(field.Datatype));
            Plain(y, "profile", field.Profile.Name());
            y.Emit(new MappingEnd());
        }
        y.Emit(new MappingEnd());
    }

    private static void Key(IEmitter y, string key) => y.Emit(new Scalar(key));

    // The emitter quotes a plain scalar itself when plain style would not read back as the same string.
    private static void Value(IEmitter y, string value) => y.Emit(new Scalar(value));

    private static void Plain(IEmitter y, string key, string value)
    {
        Key(y, key);
        Value(y, value);
    }

    private static void Quoted(IEmitter y, string key, string value)
    {
        Key(y, key);
        y.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, false, true));
    }
}
