namespace ModelSdk.Onnx.Tests;

public class OnnxDatatypesTests
{
    // Element type, ONNX name, OIP datatype (null: unsupported), TensorFlow DataType number and name.
    public static TheoryData<OnnxElementType, string, string?, int?, string?> Table =>
        new()
        {
            { OnnxElementType.Float, "float", "FP32", 1, "DT_FLOAT" },
            { OnnxElementType.UInt8, "uint8", "UINT8", 4, "DT_UINT8" },
            { OnnxElementType.Int8, "int8", "INT8", 6, "DT_INT8" },
            { OnnxElementType.UInt16, "uint16", "UINT16", 17, "DT_UINT16" },
            { OnnxElementType.Int16, "int16", "INT16", 5, "DT_INT16" },
            { OnnxElementType.Int32, "int32", "INT32", 3, "DT_INT32" },
            { OnnxElementType.Int64, "int64", "INT64", 9, "DT_INT64" },
            { OnnxElementType.String, "string", "BYTES", 7, "DT_STRING" },
            { OnnxElementType.Bool, "bool", "BOOL", 10, "DT_BOOL" },
            { OnnxElementType.Float16, "float16", "FP16", 19, "DT_HALF" },
            { OnnxElementType.Double, "double", "FP64", 2, "DT_DOUBLE" },
            { OnnxElementType.UInt32, "uint32", "UINT32", 22, "DT_UINT32" },
            { OnnxElementType.UInt64, "uint64", "UINT64", 23, "DT_UINT64" },
            { OnnxElementType.Complex64, "complex64", null, 8, "DT_COMPLEX64" },
            { OnnxElementType.Complex128, "complex128", null, 18, "DT_COMPLEX128" },
            { OnnxElementType.BFloat16, "bfloat16", "BF16", 14, "DT_BFLOAT16" },
            { OnnxElementType.Float8E4M3FN, "float8e4m3fn", null, null, null },
            { OnnxElementType.Float8E4M3FNUZ, "float8e4m3fnuz", null, null, null },
            { OnnxElementType.Float8E5M2, "float8e5m2", null, null, null },
            { OnnxElementType.Float8E5M2FNUZ, "float8e5m2fnuz", null, null, null },
            { OnnxElementType.UInt4, "uint4", null, null, null },
            { OnnxElementType.Int4, "int4", null, null, null },
            { OnnxElementType.Float4E2M1, "float4e2m1", null, null, null },
        };

    [Theory]
    [MemberData(nameof(Table))]
    public void Maps_every_element_type(OnnxElementType type, string onnx, string? oip, int? tf, string? tfName)
    {
        Assert.Equal(onnx, OnnxDatatypes.OnnxName(type));
        Assert.Equal(oip, OnnxDatatypes.ToOip(type));
        Assert.Equal(tf, OnnxDatatypes.ToTensorFlow(type));
        Assert.Equal(tfName, OnnxDatatypes.ToTensorFlowName(type));
        if (tf is { } number)
            Assert.Equal(type, OnnxDatatypes.FromTensorFlow(number));
        if (oip is not null)
            Assert.Equal(type, OnnxDatatypes.FromOip(oip));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Parses_every_spelling_back(OnnxElementType type, string onnx, string? oip, int? tf, string? tfName)
    {
        _ = tf;
        var spellings = new List<string> { onnx, onnx.ToUpperInvariant(), $"tensor({onnx})", type.ToString() };
        if (oip is not null)
            spellings.AddRange([oip, oip.ToLowerInvariant()]);
        if (tfName is not null)
            spellings.AddRange([tfName, tfName.ToLowerInvariant(), tfName["DT_".Length..]]);
        foreach (var spelling in spellings)
        {
            Assert.True(OnnxDatatypes.TryParse(spelling, out var parsed), spelling);
            Assert.Equal(type, parsed);
        }
    }

    [Theory]
    [InlineData("float32", OnnxElementType.Float)]
    [InlineData(" float32 ", OnnxElementType.Float)]
    [InlineData("float64", OnnxElementType.Double)]
    [InlineData("half", OnnxElementType.Float16)]
    [InlineData("bytes", OnnxElementType.String)]
    [InlineData("str", OnnxElementType.String)]
    [InlineData("boolean", OnnxElementType.Bool)]
    [InlineData("dt_half", OnnxElementType.Float16)]
    [InlineData("BF16", OnnxElementType.BFloat16)]
    public void Parses_common_aliases(string name, OnnxElementType expected)
    {
        Assert.True(OnnxDatatypes.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("float128")]
    [InlineData("tensor(")]
    [InlineData("DT_RESOURCE")]
    [InlineData("undefined")]
    public void Rejects_unknown_names(string? name)
    {
        Assert.False(OnnxDatatypes.TryParse(name, out var parsed));
        Assert.Equal(OnnxElementType.Undefined, parsed);
    }

    [Fact]
    public void Standard_oip_table_has_the_13_base_datatypes_and_bf16_is_an_extension()
    {
        Assert.Equal(13, OnnxDatatypes.StandardOipDatatypes.Count);
        Assert.All(OnnxDatatypes.StandardOipDatatypes, d => Assert.False(OnnxDatatypes.IsNonStandardOip(d)));
        Assert.True(OnnxDatatypes.IsNonStandardOip("BF16"));
        var mapped = OnnxDatatypes.All.Select(OnnxDatatypes.ToOip).OfType<string>().ToHashSet();
        Assert.Superset(OnnxDatatypes.StandardOipDatatypes.ToHashSet(), mapped);
    }

    [Fact]
    public void All_lists_every_defined_element_type_but_undefined()
    {
        var defined = Enum.GetValues<OnnxElementType>().Where(t => t != OnnxElementType.Undefined);
        Assert.Equal(defined, OnnxDatatypes.All);
        Assert.Equal(Table.Count, OnnxDatatypes.All.Count);
    }

    [Fact]
    public void Unknown_numbers_have_a_readable_name_and_no_mapping()
    {
        Assert.Equal("undefined", OnnxDatatypes.OnnxName(OnnxElementType.Undefined));
        Assert.Equal("unknown(99)", OnnxDatatypes.OnnxName((OnnxElementType)99));
        Assert.Null(OnnxDatatypes.ToOip((OnnxElementType)99));
        Assert.Null(OnnxDatatypes.ToOip(OnnxElementType.Undefined));
        Assert.Null(OnnxDatatypes.FromTensorFlow(20));
        Assert.Null(OnnxDatatypes.FromOip("FP8"));
    }
}
