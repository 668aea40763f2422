using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;
using static ModelRuntime.Tests.TypedOutputs.Outputs;

namespace ModelRuntime.Tests.TypedOutputs;

public sealed class DetectionFormatterTests
{
    private static Detection Det(int c, double score, double x1, double y1, double x2, double y2) =>
        new(c, score, x1, y1, x2, y2);

    [Fact]
    public void Nms_drops_overlapping_boxes_of_one_class_and_keeps_other_classes()
    {
        var boxes = new[]
        {
            Det(0, 0.8, 1, 1, 11, 11), // IoU 0.68 with the next, which scores higher
            Det(0, 0.9, 2, 2, 12, 12),
            Det(1, 0.7, 2, 2, 12, 12), // same place, other class
            Det(0, 0.6, 20, 20, 30, 30), // no overlap
            Det(0, 0.3, 40, 40, 50, 50), // under the threshold
        };

        var kept = Nms.Apply(boxes, 0.4, 0.4);

        Assert.Equal([boxes[1], boxes[2], boxes[3]], kept);
    }

    [Fact]
    public void Nms_keeps_boxes_overlapping_up_to_the_threshold()
    {
        // IoU of these two is exactly 1/3.
        var boxes = new[] { Det(0, 0.9, 0, 0, 10, 10), Det(0, 0.8, 5, 0, 15, 10) };
        Assert.Equal(2, Nms.Apply(boxes, 0, 0.34).Count);
        Assert.Single(Nms.Apply(boxes, 0, 0.33));
    }

    [Fact]
    public void Equal_scores_keep_the_model_order()
    {
        var boxes = new[] { Det(1, 0.5, 0, 0, 1, 1), Det(0, 0.5, 5, 5, 6, 6) };
        Assert.Equal(boxes, Nms.Apply(boxes, 0.4, 0.4));
    }

    [Fact]
    public void Boxes_map_back_through_a_plain_resize()
    {
        // 200x100 resized to 64x64: scale 0.32 across, 0.64 down.
        var g = new ImageGeometry(200, 100, 64, 64, 0.32, 0.64, 0, 0);
        var d = DetectionFormatter.ToOriginal(Det(0, 1, 16, 32, 48, 64), g);
        Assert.Equal((50, 50, 150, 100), (d.X1, d.Y1, d.X2, d.Y2));
    }

    [Fact]
    public void Boxes_map_back_through_a_centre_crop_and_are_clamped_to_the_image()
    {
        // 200x100 scaled by 0.64 to 128x64, then 32 cut off on each side to 64x64.
        var g = new ImageGeometry(200, 100, 64, 64, 0.64, 0.64, 32, 0);
        var d = DetectionFormatter.ToOriginal(Det(0, 1, 0, 0, 32, 32), g);
        Assert.Equal((50, 0, 100, 50), (d.X1, d.Y1, d.X2, d.Y2));
        var outside = DetectionFormatter.ToOriginal(Det(0, 1, -100, -5, 200, 70), g);
        Assert.Equal((0, 0, 200, 100), (outside.X1, outside.Y1, outside.X2, outside.Y2));
    }

    [Fact]
    public void Ssd_outputs_are_found_by_name_in_any_order_and_raw_outputs_are_passed_over()
    {
        var outputs = new[]
        {
            Float("detection_scores", [1, 2], 0.9f, 0.5f),
            Float("raw_detection_boxes", [1, 2, 4], 0, 0, 1, 1, 0, 0, 1, 1),
            Float("num_detections", [1], 1),
            Float("detection_boxes", [1, 2, 4], 0.25f, 0.5f, 0.75f, 1f, 0, 0, 1, 1),
            Float("detection_classes", [1, 2], 2, 1),
        };
        var profile = Profile("ObjectDetection", "ssd", "bg", "cat", "dog");
        var g = new ImageGeometry(128, 64, 64, 64, 0.5, 1, 0, 0);

        var result = PredictionFormatter.Format(profile, outputs, 0, g).AsArray();

        var only = Assert.Single(result); // num_detections = 1
        Assert.Equal(("dog", 2, 0.9f), Entries(result)[0]);
        Assert.Equal([64f, 16f, 128f, 48f], Box(only!));
    }

    [Fact]
    public void Unnamed_ssd_outputs_are_told_apart_by_shape_and_whole_numbers()
    {
        var outputs = new[]
        {
            Float("a", [1, 1, 4], 0, 0, 0.5f, 0.5f),
            Float("b", [1, 1], 0.75f),
            Float("c", [1, 1], 3),
        };
        var result = PredictionFormatter.Format(Profile("ObjectDetection", "ssd"), outputs, 0, null);
        Assert.Equal((null, 3, 0.75f), Entries(result)[0]);
        Assert.Equal([0f, 0f, 0.5f, 0.5f], Box(result[0]!)); // normalized: no image geometry
    }

    [Theory]
    [InlineData(6, 100, 2, true, false)] // v8: 4+2 fields first
    [InlineData(100, 7, 2, false, true)] // v5: rows of 5+2
    [InlineData(7, 100, 2, true, true)] // v5 exported transposed
    [InlineData(100, 6, 2, false, false)] // v8 exported untransposed
    [InlineData(84, 8400, 0, true, false)] // no labels: wide is v8
    [InlineData(25200, 85, 0, false, true)] // no labels: tall is v5
    public void Yolo_layout_follows_the_labels_count_else_the_shape(
        long a,
        long b,
        int labels,
        bool transposed,
        bool objectness
    ) => Assert.Equal((transposed, objectness), YoloDecoder.Layout(a, b, labels));

    [Fact]
    public void Yolo_v5_scores_are_objectness_times_class_score()
    {
        var outputs = new[] { Float("out", [1, 1, 7], 10, 10, 4, 6, 0.5f, 0.2f, 0.9f) };
        var profile = Profile("ObjectDetection", "yolo", "a", "b") with { ScoreThreshold = 0.1 };
        var result = PredictionFormatter.Format(profile, outputs, 0, null);
        Assert.Equal(("b", 1, 0.45f), Entries(result)[0]);
        Assert.Equal([8f, 7f, 12f, 13f], Box(result[0]!));
    }

    [Fact]
    public void Outputs_that_do_not_fit_the_architecture_are_a_500_that_says_what_was_expected()
    {
        var outputs = new[] { Float("x", [1, 3], 1, 2, 3) };
        var e = Assert.Throws<Serving.InferenceException>(() =>
            PredictionFormatter.Format(Profile("ObjectDetection", "ssd"), outputs, 0, null)
        );
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("[batch,N,4]", e.Message);
    }
}
