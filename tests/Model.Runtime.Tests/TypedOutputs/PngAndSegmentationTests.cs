using System.Text.Json.Nodes;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;
using static ModelRuntime.Tests.TypedOutputs.Outputs;

namespace ModelRuntime.Tests.TypedOutputs;

public sealed class PngAndSegmentationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Png_decodes_to_the_same_pixels_with_an_independent_reader(int channels)
    {
        var (width, height) = (7, 5);
        var pixels = Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 37 % 256)).ToArray();

        var png = PngEncoder.Encode(width, height, channels, pixels);

        var decoded = PngPython.Decode(png);
        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Png_bytes_are_the_same_every_time()
    {
        var pixels = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        Assert.Equal(PngEncoder.Encode(10, 10, 3, pixels), PngEncoder.Encode(10, 10, 3, pixels));
    }

    [Fact]
    public void Colors_files_take_comma_space_bracket_and_hex_forms()
    {
        var colors = Palette.Parse(["0,0,0", "", " (255, 128, 1) ", "#0A0B0C", "7 8 9"]);
        Assert.Equal([new Rgb(0, 0, 0), new Rgb(255, 128, 1), new Rgb(10, 11, 12), new Rgb(7, 8, 9)], colors);
        var e = Assert.Throws<FormatException>(() => Palette.Parse(["1,2,3", "red"]));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void The_default_palette_is_pascal_voc()
    {
        Assert.Equal(
            [new Rgb(0, 0, 0), new Rgb(128, 0, 0), new Rgb(0, 128, 0), new Rgb(128, 128, 0), new Rgb(0, 0, 128)],
            Enumerable.Range(0, 5).Select(Palette.Voc)
        );
        Assert.Equal(new Rgb(64, 0, 0), Palette.Voc(8));
        Assert.Equal(new Rgb(1, 2, 3), Palette.Color([new Rgb(1, 2, 3)], 0));
        Assert.Equal(Palette.Voc(1), Palette.Color([new Rgb(1, 2, 3)], 1));
    }

    [Fact]
    public void Segmentation_is_resampled_to_the_original_image_through_the_crop()
    {
        // Output 2x2 for a 4x4 input; the original 8x4 was scaled by 1 and 2 cut off on each side.
        var outputs = new[] { Of("classes", [1, 2, 2], 1L, 2L, 3L, 0L) };
        var g = new ImageGeometry(8, 4, 4, 4, 1, 1, 2, 0);
        var profile = Profile("SemanticSegmentation", null, "bg", "a", "b", "c");

        var result = PredictionFormatter.Format(profile, outputs, 0, g).AsObject();

        var (w, h, ch, pixels) = PngPython.Decode(Convert.FromBase64String((string)result["png"]!));
        Assert.Equal((8, 4, 3), (w, h, ch));
        var classes = Enumerable.Range(0, 32).Select(i => Array.IndexOf(Voc4, Pixel(pixels, i))).ToArray();
        int[] expected =
        [
            1,
            1,
            1,
            1,
            2,
            2,
            2,
            2,
            1,
            1,
            1,
            1,
            2,
            2,
            2,
            2,
            3,
            3,
            3,
            3,
            0,
            0,
            0,
            0,
            3,
            3,
            3,
            3,
            0,
            0,
            0,
            0,
        ];
        Assert.Equal(expected, classes);
        Assert.Equal(
            """[{"label":"bg","index":0,"share":0.25},{"label":"a","index":1,"share":0.25},{"label":"b","index":2,"share":0.25},{"label":"c","index":3,"share":0.25}]""",
            result["classes"]!.ToJsonString()
        );
        Assert.Equal(
            Convert.FromBase64String((string)result["png"]!),
            PredictionFormatter.FormatPng(profile, outputs, 0, g)
        );
    }

    private static readonly Rgb[] Voc4 = Enumerable.Range(0, 4).Select(Palette.Voc).ToArray();

    private static Rgb Pixel(byte[] rgb, int i) => new(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);

    [Fact]
    public void Nhwc_scores_are_argmaxed_over_the_last_dim_when_it_matches_the_labels_count()
    {
        // [1,2,3,4]: H=2, W=3, C=4. Without labels the smaller of 2 and 4 would be taken as the class dim.
        int[] expected = [3, 0, 2, 1, 0, 3];
        var nhwc = expected.SelectMany(c => Enumerable.Range(0, 4).Select(k => k == c ? 1f : 0f)).ToArray();
        var map = SegmentationFormatter.Argmax([InstanceTensor.Of(Float("s", [1, 2, 3, 4], nhwc), 0)], 4);
        Assert.Equal((3, 2), (map.Width, map.Height));
        Assert.Equal(expected, map.Classes);
    }

    [Fact]
    public void Image_outputs_undo_scale_and_mean_and_swap_bgr_to_rgb()
    {
        // One pixel, BGR = (10, 20, 30) after (pixel - mean) * 0.5 with mean (1, 2, 3).
        var outputs = new[] { Float("out", [1, 3, 1, 1], 4.5f, 9f, 13.5f) };
        var profile = Profile("ImageToImage") with { ScaleFactor = 0.5, Mean = [1, 2, 3] };

        var png = PredictionFormatter.FormatPng(profile, outputs, 0, null)!;

        Assert.Equal(new byte[] { 30, 20, 10 }, PngPython.Decode(png).Pixels);
        var rgb = PredictionFormatter.FormatPng(profile with { SwapRB = true }, outputs, 0, null)!;
        Assert.Equal(new byte[] { 10, 20, 30 }, PngPython.Decode(rgb).Pixels);
    }

    [Fact]
    public void Png_is_null_for_predictions_that_are_not_images()
    {
        var outputs = new[] { Float("p", [1, 2], 1, 2) };
        Assert.Null(PredictionFormatter.FormatPng(Profile("Classification"), outputs, 0, null));
        Assert.IsType<JsonObject>(PredictionFormatter.Format(Profile("Custom"), outputs, 0, null));
    }
}
