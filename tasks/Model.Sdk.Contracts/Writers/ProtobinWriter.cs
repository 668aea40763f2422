using Google.Protobuf;
using ModelSdk.Contracts.Hydrosphere;

namespace ModelSdk.Contracts.Writers;

/// <summary>contract.protobin: a Hydrosphere ModelContract (hydro-serving-protos 2.x wire format), signature "predict".</summary>
public static class ProtobinWriter
{
    public const string SignatureName = "predict";

    public static ModelContract ToProto(ServedModel model)
    {
        var signature = new ModelSignature { SignatureName = SignatureName };
        signature.Inputs.AddRange(model.Inputs.Select(ToField));
        signature.Outputs.AddRange(model.Outputs.Select(ToField));
        return new ModelContract { ModelName = model.Name, Predict = signature };
    }

    /// <summary>Fields are emitted in number order and there are no maps, so the bytes are deterministic.</summary>
    public static byte[] Write(ServedModel model) => ToProto(model).ToByteArray();

    private static ModelField ToField(TensorField field)
    {
        var shape = new TensorShape { UnknownRank = field.Shape is null };
        for (var i = 0; i < (field.Shape?.Count ?? 0); i++)
        {
            shape.Dim.Add(
                new TensorShape.Types.Dim { Size = field.Shape![i], Name = field.DimNames?.ElementAtOrDefault(i) ?? "" }
            );
        }
        return new ModelField
        {
            Name = field.Name,
            Shape = shape,
            Dtype = Datatypes.ToTensorflow(field.Datatype),
            Profile = (DataProfileType)(int)field.Profile,
        };
    }
}
