using System.Collections.Concurrent;
using System.Text;

namespace ModelRuntime.Metrics;

/// <summary>Per-model request, failure, latency, batch and queue metrics, rendered in Prometheus text format.</summary>
public sealed class RuntimeMetrics
{
    private static readonly double[] SecondsBounds =
    [
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
    ];
    private static readonly double[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly ConcurrentDictionary<string, ModelMetrics> _models = new(StringComparer.Ordinal);

    private long _clientResets;

    /// <summary>A client reset a gRPC stream before its answer (not a server error).</summary>
    public void ClientReset() => Interlocked.Increment(ref _clientResets);

    public ModelMetrics For(string model) => _models.GetOrAdd(model, _ => new ModelMetrics());

    public sealed class ModelMetrics
    {
        internal long Requests;
        internal long Failures;
        internal long ClientErrors;
        internal long QueueDepth;
        internal long InFlight;
        internal long Cancelled;
        internal readonly Histogram RequestSeconds = new(SecondsBounds);
        internal readonly Histogram InferenceSeconds = new(SecondsBounds);
        internal readonly Histogram BatchSize = new(BatchBounds);

        /// <summary>The statistics extension's numbers for this model (GET /v2/models/{name}/stats).</summary>
        public global::ModelRuntime.Statistics.ModelStatistics Statistics { get; } = new();

        public void RequestStarted() => Interlocked.Increment(ref InFlight);

        /// <summary>A 5xx answer counts as a failure, a 4xx as a client error (the client's mistake, not ours).</summary>
        public void RequestFinished(int statusCode, double seconds)
        {
            Interlocked.Decrement(ref InFlight);
            Interlocked.Increment(ref Requests);
            if (statusCode is >= 400 and < 500)
                Interlocked.Increment(ref ClientErrors);
            if (statusCode >= 500)
                Interlocked.Increment(ref Failures);
            RequestSeconds.Observe(seconds);
        }

        public void InferenceRan(int rows, double seconds)
        {
            InferenceSeconds.Observe(seconds);
            BatchSize.Observe(rows);
        }

        /// <summary>A client that went away or a deadline that expired ended the request before its answer.</summary>
        public void RunCancelled() => Interlocked.Increment(ref Cancelled);

        public void Enqueued() => Interlocked.Increment(ref QueueDepth);

        public void Dequeued() => Interlocked.Decrement(ref QueueDepth);
    }

    public string Render()
    {
        var text = new StringBuilder();
        var models = _models.OrderBy(m => m.Key, StringComparer.Ordinal).ToArray();
        void Counter(string name, string help, string type, Func<ModelMetrics, long> value)
        {
            text.Append($"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var (model, m) in models)
                text.Append($"{name}{{model=\"{Escape(model)}\"}} {value(m)}\n");
        }
        void Histo(string name, string help, Func<ModelMetrics, Histogram> histogram)
        {
            text.Append($"# HELP {name} {help}\n# TYPE {name} histogram\n");
            foreach (var (model, m) in models)
                histogram(m).Write(text, name, $"model=\"{Escape(model)}\"");
        }
        Counter(
            "model_requests_total",
            "Inference requests received.",
            "counter",
            m => Interlocked.Read(ref m.Requests)
        );
        Counter(
            "model_request_failures_total",
            "Inference requests the server failed (5xx; 4xx client mistakes are not failures on REST).",
            "counter",
            m => Interlocked.Read(ref m.Failures)
        );
        Counter(
            "model_request_client_errors_total",
            "Inference requests refused as the client's mistake (4xx: bad input, too large, too slow).",
            "counter",
            m => Interlocked.Read(ref m.ClientErrors)
        );
        Counter(
            "model_requests_in_flight",
            "Inference requests received and not yet answered.",
            "gauge",
            m => Interlocked.Read(ref m.InFlight)
        );
        Counter(
            "model_requests_cancelled_total",
            "Inference requests ended early by a client disconnect or an expired deadline (the run is terminated).",
            "counter",
            m => Interlocked.Read(ref m.Cancelled)
        );
        Counter(
            "model_queue_depth",
            "Requests waiting in the batch queue (not yet handed to ONNX Runtime).",
            "gauge",
            m => Interlocked.Read(ref m.QueueDepth)
        );
        text.Append("# HELP model_grpc_client_resets_total gRPC calls the client reset before the answer.\n");
        text.Append("# TYPE model_grpc_client_resets_total counter\n");
        text.Append($"model_grpc_client_resets_total {Interlocked.Read(ref _clientResets)}\n");
        Histo("model_request_duration_seconds", "Time from request to response.", m => m.RequestSeconds);
        Histo("model_inference_duration_seconds", "Time inside ONNX Runtime per call.", m => m.InferenceSeconds);
        Histo("model_batch_size", "Rows per ONNX Runtime call.", m => m.BatchSize);
        return text.ToString();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
