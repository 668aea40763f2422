using ModelSdk.Contracts.Hydrosphere;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts.Tests;

public sealed class ProtobinWriterTests
{
    [Fact]
    public void Decodes_back_field_by_field()
    {
        using var p = new TestProject();
        var set = SampleProjects.Classifier(p);
        var contract = ModelContract.Parser.ParseFrom(ProtobinWriter.Write(set.Models[0]));
        Assert.Equal("faces", contract.ModelName);
        Assert.Equal("predict", contract.Predict.SignatureName);
        var input = Assert.Single(contract.Predict.Inputs);
        Assert.Equal("features", input.Name);
        Assert.Equal(1, input.Dtype);
        Assert.Equal(DataProfileType.Numerical, input.Profile);
        Assert.False(input.Shape.UnknownRank);
        Assert.Equal([-1L, 4], input.Shape.Dim.Select(d => d.Size));
        Assert.Equal(["batch", ""], input.Shape.Dim.Select(d => d.Name));
        var output = Assert.Single(contract.Predict.Outputs);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal(DataProfileType.Categorical, output.Profile);
    }

    [Fact]
    public void Wire_bytes_match_hydro_serving_protos_2x_numbering()
    {
        var model = new ServedModel
        {
            Name = "m",
            SourceFile = "/x/m.onnx",
            Framework = ModelFramework.Onnx,
            Purpose = ModelPurpose.Custom,
            Inputs =
            [
                new TensorField
                {
                    Name = "x",
                    Datatype = "FP64",
                    Shape = [-1],
                    Profile = DataProfile.Ratio,
                },
            ],
            Outputs = [],
        };
        byte[] expected =
        [
            0x0A,
            0x01,
            (byte)'m', // model_name = 1
            0x12,
            0x21, // predict = 2, 33 bytes
            0x0A,
            0x07,
            .. "predict"u8.ToArray(), // signature_name = 1
            0x12,
            0x16, // inputs = 2, 22 bytes
            0x0A,
            0x01,
            (byte)'x', // name = 1
            0x12,
            0x0D, // shape = 2 (TensorShapeProto), 13 bytes
            0x12,
            0x0B, // dim = 2, 11 bytes
            0x08,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0xFF,
            0x01, // size = 1: -1 as int64 varint
            0x20,
            0x02, // dtype = 4: DT_DOUBLE
            0x50,
            0x17, // profile = 10: RATIO (23)
        ];
        Assert.Equal(expected, ProtobinWriter.Write(model));
    }

    [Fact]
    public void Unknown_rank_sets_the_flag_and_scalars_have_no_dims()
    {
        var model = new ServedModel
        {
            Name = "m",
            SourceFile = "/x/m.onnx",
            Framework = ModelFramework.Onnx,
            Purpose = ModelPurpose.Custom,
            Inputs =
            [
                new TensorField { Name = "any", Datatype = "BYTES" },
                new TensorField
                {
                    Name = "s",
                    Datatype = "INT64",
                    Shape = [],
                },
            ],
            Outputs = [],
        };
        var inputs = ModelContract.Parser.ParseFrom(ProtobinWriter.Write(model)).Predict.Inputs;
        Assert.True(inputs[0].Shape.UnknownRank);
        Assert.Equal(7, inputs[0].Dtype);
        Assert.False(inputs[1].Shape.UnknownRank);
        Assert.Empty(inputs[1].Shape.Dim);
        Assert.Equal(9, inputs[1].Dtype);
    }

    [Fact]
    public void Profile_numbers_are_hydrospheres()
    {
        (DataProfile Profile, int Number)[] expected =
        [
            (DataProfile.None, 0),
            (DataProfile.Categorical, 1),
            (DataProfile.Nominal, 11),
            (DataProfile.Ordinal, 12),
            (DataProfile.Numerical, 2),
            (DataProfile.Continuous, 21),
            (DataProfile.Interval, 22),
            (DataProfile.Ratio, 23),
            (DataProfile.Image, 3),
            (DataProfile.Video, 4),
            (DataProfile.Audio, 5),
            (DataProfile.Text, 6),
        ];
        Assert.Equal(expected.Length, Enum.GetValues<DataProfile>().Length);
        foreach (var (profile, number) in expected)
        {
            Assert.Equal(number, (int)profile);
            Assert.Equal(
                profile.ToString().ToUpperInvariant(),
                ((DataProfileType)number).ToString().ToUpperInvariant()
            );
        }
    }
}
