using ModelSdk.Onnx;

namespace ModelSdk.Testing;

/// <summary>
/// Vision models with known answers: their outputs are constants (repeated for every row of the batch); the image
/// input only gives the batch size. The expected predictions after score filtering and NMS (defaults 0.4/0.4) are in
/// the doc comments and the Expected* members.
/// </summary>
public static class VisionModels
{
    /// <summary>Input size of the detectors (square).</summary>
    public const int DetectorInput = 64;

    /// <summary>
    /// Normalized y1,x1,y2,x2 of the ssd detector's 5 boxes. Box 0 (class 1, 0.9) is kept; box 1 (class 1, 0.8)
    /// overlaps it (IoU 0.91) and is suppressed; box 2 (class 2, 0.7) has the same place but another class and is
    /// kept; box 3 (class 1, 0.3) is under the score threshold; box 4 (0.99) is past num_detections (4).
    /// </summary>
    public static readonly float[] SsdBoxes =
    [
        0.1f,
        0.2f,
        0.5f,
        0.6f,
        0.1f,
        0.2f,
        0.54f,
        0.6f,
        0.1f,
        0.2f,
        0.54f,
        0.6f,
        0.6f,
        0.6f,
        0.9f,
        0.9f,
        0.0f,
        0.0f,
        1.0f,
        1.0f,
    ];
    public static readonly float[] SsdClasses = [1, 1, 2, 1, 3];
    public static readonly float[] SsdScores = [0.9f, 0.8f, 0.7f, 0.3f, 0.99f];

    /// <summary>
    /// image FP32 [batch,3,64,64] → detection_boxes [batch,5,4], detection_classes [batch,5], detection_scores
    /// [batch,5], num_detections [batch] = 4 (TF object-detection-API layout; see <see cref="SsdBoxes"/>).
    /// </summary>
    public static OnnxModelBuilder SsdDetector() =>
        Start("ssd_detector", DetectorInput, DetectorInput)
            .FloatInitializer("boxes_c", [1, 5, 4], SsdBoxes)
            .FloatInitializer("classes_c", [1, 5], SsdClasses)
            .FloatInitializer("scores_c", [1, 5], SsdScores)
            .FloatInitializer("num_c", [1], 4)
            .Node("Add", ["zero3", "boxes_c"], ["detection_boxes"])
            .Node("Add", ["zero2", "classes_c"], ["detection_classes"])
            .Node("Add", ["zero2", "scores_c"], ["detection_scores"])
            .Node("Add", ["zero", "num_c"], ["num_detections"])
            .Output("detection_boxes", OnnxElementType.Float, OnnxType.Shape("batch", 5, 4))
            .Output("detection_classes", OnnxElementType.Float, OnnxType.Shape("batch", 5))
            .Output("detection_scores", OnnxElementType.Float, OnnxType.Shape("batch", 5))
            .Output("num_detections", OnnxElementType.Float, OnnxType.Shape("batch"));

    /// <summary>
    /// cx,cy,w,h (input pixels) and the two class scores of the YOLO detectors' 4 boxes. Box 0 (class 0, 0.9) is
    /// kept; box 1 (class 0, 0.8; IoU with box 0 = 0.88) is suppressed; box 2 (class 1, 0.6, same place) is kept;
    /// box 3 (best 0.2) is under the threshold; boxes 4-7 are all zero (real models have more boxes than fields, which
    /// tells the layouts apart without labels). YOLOv5 adds objectness 1 (box 3: 0.5; boxes 4-7: 0).
    /// </summary>
    public static readonly float[][] YoloBoxes =
    [
        [20, 24, 16, 20, 0.9f, 0.1f],
        [21, 24, 16, 20, 0.8f, 0.05f],
        [21, 24, 16, 20, 0.1f, 0.6f],
        [50, 50, 10, 10, 0.2f, 0.1f],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ];

    /// <summary>image FP32 [batch,3,64,64] → output0 [batch,6,8]: YOLOv8's transposed layout (4+2 classes, 8 boxes).</summary>
    public static OnnxModelBuilder Yolov8Detector()
    {
        var transposed = new float[6 * 8];
        for (var box = 0; box < 8; box++)
        for (var field = 0; field < 6; field++)
            transposed[field * 8 + box] = YoloBoxes[box][field];
        return Start("yolov8_detector", DetectorInput, DetectorInput)
            .FloatInitializer("out_c", [1, 6, 8], transposed)
            .Node("Add", ["zero3", "out_c"], ["output0"])
            .Output("output0", OnnxElementType.Float, OnnxType.Shape("batch", 6, 8));
    }

    /// <summary>image FP32 [batch,3,64,64] → output [batch,8,7]: YOLOv5's layout (cx,cy,w,h, objectness, 2 classes).</summary>
    public static OnnxModelBuilder Yolov5Detector()
    {
        var rows = YoloBoxes
            .SelectMany(
                (b, i) =>
                    new[]
                    {
                        b[0],
                        b[1],
                        b[2],
                        b[3],
                        i == 3 ? 0.5f
                        : i < 3 ? 1f
                        : 0f,
                        b[4],
                        b[5],
                    }
            )
            .ToArray();
        return Start("yolov5_detector", DetectorInput, DetectorInput)
            .FloatInitializer("out_c", [1, 8, 7], rows)
            .Node("Add", ["zero3", "out_c"], ["output"])
            .Output("output", OnnxElementType.Float, OnnxType.Shape("batch", 8, 7));
    }

    /// <summary>The segmenter's argmax map, 4×4 (its input is 8×8: output stride 2), classes 0–2.</summary>
    public static readonly int[] SegmentationMap = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 0];

    /// <summary>
    /// image FP32 [batch,3,8,8] → scores: "nchw" logits [batch,3,4,4], "nhwc" [batch,4,4,3], or "argmax" class
    /// indexes INT64 [batch,4,4]; whichever, the argmax is <see cref="SegmentationMap"/>.
    /// </summary>
    public static OnnxModelBuilder Segmenter(string layout = "nchw")
    {
        var logits = new float[3 * 16];
        for (var p = 0; p < 16; p++)
        for (var c = 0; c < 3; c++)
            logits[c * 16 + p] = c == SegmentationMap[p] ? 2f + 0.25f * c : 0.5f * c - 1f;
        var builder = Start("segmenter", 8, 8)
            .FloatInitializer("logits_c", [1, 3, 4, 4], logits)
            .Int64Initializer("axes123", [3], 1, 2, 3)
            .Node("Unsqueeze", ["zero", "axes123"], ["zero4"])
            .Node("Add", ["zero4", "logits_c"], ["logits"]);
        return layout switch
        {
            "nchw" => builder
                .Node("Identity", ["logits"], ["scores"])
                .Output("scores", OnnxElementType.Float, OnnxType.Shape("batch", 3, 4, 4)),
            "nhwc" => builder
                .Node("Transpose", ["logits"], ["scores"], ("perm", new long[] { 0, 2, 3, 1 }))
                .Output("scores", OnnxElementType.Float, OnnxType.Shape("batch", 4, 4, 3)),
            "argmax" => builder
                .Node("ArgMax", ["logits"], ["scores"], ("axis", 1L), ("keepdims", 0L))
                .Output("scores", OnnxElementType.Int64, OnnxType.Shape("batch", 4, 4)),
            _ => throw new ArgumentException($"segmenter layout '{layout}' is not nchw, nhwc or argmax"),
        };
    }

    /// <summary>image FP32 [batch,3,height,width] → Identity → output (same shape): an image-to-image model.</summary>
    public static OnnxModelBuilder ImageIdentity() =>
        new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .Producer("Model.Sdk.ModelGen", "1.0")
            .GraphName("image_identity")
            .Input("image", OnnxElementType.Float, OnnxType.Shape("batch", 3, "height", "width"))
            .Node("Identity", ["image"], ["output"])
            .Output("output", OnnxElementType.Float, OnnxType.Shape("batch", 3, "height", "width"));

    /// <summary>
    /// The image input [batch,3,h,w] and zeros shaped [batch] ("zero"), [batch,1] ("zero2") and [batch,1,1]
    /// ("zero3") to add to constants, so outputs have the batch's rows.
    /// </summary>
    private static OnnxModelBuilder Start(string name, int height, int width) =>
        new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .Producer("Model.Sdk.ModelGen", "1.0")
            .GraphName(name)
            .Input("image", OnnxElementType.Float, OnnxType.Shape("batch", 3, height, width))
            .Int64Initializer("axes_all", [3], 1, 2, 3)
            .Int64Initializer("axis1", [1], 1)
            .Int64Initializer("axes12", [2], 1, 2)
            .FloatInitializer("nothing", [], 0f)
            .Node("ReduceSum", ["image", "axes_all"], ["sum"], ("keepdims", 0L))
            .Node("Mul", ["sum", "nothing"], ["zero"])
            .Node("Unsqueeze", ["zero", "axis1"], ["zero2"])
            .Node("Unsqueeze", ["zero", "axes12"], ["zero3"]);
}
