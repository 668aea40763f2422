namespace ModelSdk.Contracts.Tests;

public sealed class PreprocessingTests
{
    // An image classifier whose height and width are symbolic, so any ModelInputSize fits.
    private static readonly OnnxModelInfo AnySize = FakeOnnx.Info(
        [FakeOnnx.Tensor("x", OnnxElementType.Float, "N", 3, "H", "W")],
        [FakeOnnx.Tensor("scores", OnnxElementType.Float, "N", 3)]
    );

    private static CompileResult Compile(
        TestProject p,
        PreprocessingSpec pre,
        OnnxModelInfo? onnx = null,
        string? purpose = null
    ) =>
        ModelProjectCompiler.Compile(
            p.OneModel(purpose: purpose) with
            {
                Preprocessing = pre,
            },
            FakeOnnx.Returns(onnx ?? AnySize)
        );

    [Fact]
    public void An_input_size_that_contradicts_a_fixed_dim_of_the_model_is_MODEL0140()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, new PreprocessingSpec { InputSize = "224x200" }, FakeOnnx.Classifier()),
            "MODEL0140"
        );
        Assert.Contains("fixed height of 224", d.Message);
        Assert.Contains("set ModelInputSize to the model's size", d.Message);
        Assertions.Succeeded(Compile(p, new PreprocessingSpec { InputSize = "224x224" }, FakeOnnx.Classifier()));
        var nhwc = FakeOnnx.Info(
            [FakeOnnx.Tensor("x", OnnxElementType.UInt8, 1, 300, "W", 3)],
            [FakeOnnx.Tensor("scores", OnnxElementType.Float, 1, 3)]
        );
        d = Assertions.SingleError(Compile(p, new PreprocessingSpec { InputSize = "320x320" }, nhwc), "MODEL0140");
        Assert.Contains("fixed height of 300", d.Message);
    }

    [Fact]
    public void A_mean_for_a_model_without_a_3_channel_input_is_MODEL0141()
    {
        using var p = new TestProject();
        var gray = FakeOnnx.Info(
            [FakeOnnx.Tensor("x", OnnxElementType.Float, "N", 1, 28, 28)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, "N", 10)]
        );
        var d = Assertions.SingleError(
            Compile(p, new PreprocessingSpec { Mean = "1,2,3" }, gray, purpose: "Custom"),
            "MODEL0141"
        );
        Assert.Contains("'x' [-1,1,28,28]", d.Message);
    }

    [Theory]
    [InlineData("ObjectDetection")]
    [InlineData("SemanticSegmentation")]
    [InlineData("PoseEstimation")]
    public void An_image_purpose_on_a_model_that_cannot_take_an_image_is_MODEL0142(string purpose)
    {
        using var p = new TestProject();
        var records = FakeOnnx.Info(
            [FakeOnnx.Tensor("features", OnnxElementType.Float, "N", 4)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, "N", 3)]
        );
        var d = Assertions.SingleError(Compile(p, new PreprocessingSpec(), records, purpose), "MODEL0142");
        Assert.Contains("Purpose=\"Custom\"", d.Message);
        Assertions.Succeeded(Compile(p, new PreprocessingSpec(), records, "Custom"));
    }

    [Fact]
    public void Image_preprocessing_on_a_classifier_without_an_image_input_is_warning_MODEL0143()
    {
        using var p = new TestProject();
        var records = FakeOnnx.Info(
            [FakeOnnx.Tensor("features", OnnxElementType.Float, "N", 4)],
            [FakeOnnx.Tensor("y", OnnxElementType.Float, "N", 3)]
        );
        Assertions.Succeeded(Compile(p, new PreprocessingSpec(), records, "Classification"));
        var d = Assertions.SingleWarning(
            Compile(p, new PreprocessingSpec { InputSize = "224x224" }, records, "Classification"),
            "MODEL0143"
        );
        Assert.Contains("'features' [-1,4]", d.Message);
    }

    [Fact]
    public void All_values_parse()
    {
        using var p = new TestProject();
        p.Write("colors.txt", "255,0,0\n");
        var pre = new PreprocessingSpec
        {
            InputSize = "300x200",
            Mean = "104; 117.5 ;123",
            ScaleFactor = "0.007843",
            SwapRB = "true",
            Crop = "False",
            Softmax = "yes",
            ColorsFile = "colors.txt",
        };
        var result = Assertions.Succeeded(Compile(p, pre)).Preprocessing;
        Assert.Equal(300, result.InputWidth);
        Assert.Equal(200, result.InputHeight);
        Assert.Equal([104, 117.5, 123], result.Mean);
        Assert.Equal(0.007843, result.ScaleFactor);
        Assert.True(result.SwapRB);
        Assert.False(result.Crop);
        Assert.True(result.Softmax);
        Assert.Equal(p.Path("colors.txt"), result.ColorsFile);
    }

    [Theory]
    [InlineData("224", 224, 224)]
    [InlineData("224,160", 224, 160)]
    [InlineData("640 x 480", 640, 480)]
    public void Input_size_forms(string text, int width, int height)
    {
        using var p = new TestProject();
        var pre = Assertions.Succeeded(Compile(p, new PreprocessingSpec { InputSize = text })).Preprocessing;
        Assert.Equal((width, height), (pre.InputWidth, pre.InputHeight));
    }

    [Theory]
    [InlineData("-224x224")]
    [InlineData("0x224")]
    [InlineData("abc")]
    [InlineData("1x2x3")]
    public void Bad_input_sizes_are_MODEL0010(string text)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, new PreprocessingSpec { InputSize = text }),
            ErrorCodes.InvalidNumber
        );
        Assert.Contains(text, d.Message);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("1,2,3,4")]
    [InlineData("1,x,3")]
    public void Mean_needs_exactly_three_numbers_MODEL0009(string text)
    {
        using var p = new TestProject();
        Assertions.SingleError(Compile(p, new PreprocessingSpec { Mean = text }), ErrorCodes.InvalidMean);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("1,5")]
    public void Scale_factor_must_be_a_positive_number_MODEL0010(string text)
    {
        using var p = new TestProject();
        Assertions.SingleError(Compile(p, new PreprocessingSpec { ScaleFactor = text }), ErrorCodes.InvalidNumber);
    }

    [Theory]
    [InlineData("Reduced", "reduced")]
    [InlineData(" reduced ", "reduced")]
    [InlineData("Exact", null)]
    [InlineData("exact", null)]
    [InlineData(null, null)]
    public void ModelImageDecode_Reduced_reaches_contract_json_and_Exact_leaves_no_key(string? raw, string? decode)
    {
        using var p = new TestProject();
        var set = Assertions.Succeeded(Compile(p, new PreprocessingSpec { InputSize = "224x224", ImageDecode = raw }));
        Assert.Equal(decode, set.Preprocessing.Decode);
        var json = System.Text.Encoding.UTF8.GetString(ModelSdk.Contracts.Writers.ContractJsonWriter.Write(set));
        if (decode is null)
            Assert.DoesNotContain("\"decode\"", json);
        else
            Assert.Contains("\"decode\": \"reduced\"", json);
    }

    [Theory]
    [InlineData("Half")]
    [InlineData("1/2")]
    [InlineData("true")]
    public void A_bad_ModelImageDecode_is_MODEL0147_with_the_fix(string raw)
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(Compile(p, new PreprocessingSpec { ImageDecode = raw }), "MODEL0147");
        Assert.Contains($"ModelImageDecode is '{raw}'", d.Message);
        Assert.Contains("write Exact", d.Message);
        Assert.Contains("or Reduced", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }

    [Fact]
    public void Bad_booleans_are_MODEL0021_naming_the_property()
    {
        using var p = new TestProject();
        var result = Compile(
            p,
            new PreprocessingSpec
            {
                SwapRB = "maybe",
                Crop = "1",
                Softmax = "no",
            }
        );
        var errors = result.Diagnostics.Where(d => d.Code == ErrorCodes.InvalidBoolean).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("ModelSwapRB", errors[0].Message);
        Assert.Contains("ModelCrop", errors[1].Message);
    }

    [Fact]
    public void Missing_colors_file_is_MODEL0015()
    {
        using var p = new TestProject();
        var d = Assertions.SingleError(
            Compile(p, new PreprocessingSpec { ColorsFile = "colors.txt" }),
            ErrorCodes.ReferencedFileMissing
        );
        Assert.Contains("colors.txt", d.Message);
        Assert.Equal(p.ProjectFile, d.File);
    }
}
