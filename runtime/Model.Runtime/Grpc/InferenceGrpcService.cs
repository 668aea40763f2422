using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Grpc;

/// <summary>GRPCInferenceService of the Open Inference Protocol over the same models as the REST API.</summary>
public sealed class InferenceGrpcService(ModelRepository repository, InferenceRunner runner, RuntimeMetrics metrics)
{
    public Task<ServerLiveResponse> ServerLive(ServerLiveRequest request) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public Task<ServerReadyResponse> ServerReady(ServerReadyRequest request) =>
        Task.FromResult(new ServerReadyResponse { Ready = repository.AllReady });

    public Task<ModelReadyResponse> ModelReady(ModelReadyRequest request) =>
        Task.FromResult(new ModelReadyResponse { Ready = Find(request.Name, request.Version).IsReady });

    public Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request) =>
        Task.FromResult(new ServerMetadataResponse { Name = ServerInfo.Name, Version = ServerInfo.Version });

    public Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request)
    {
        var model = Find(request.Name, request.Version);
        var metadata = model.Metadata();
        var response = new ModelMetadataResponse
        {
            Name = model.Name,
            Platform = metadata["platform"]?.ToString() ?? "",
        };
        response.Versions.AddRange(model.Entry.Versions);
        response.Inputs.AddRange(Tensors(metadata["inputs"]));
        response.Outputs.AddRange(Tensors(metadata["outputs"]));
        return Task.FromResult(response);
    }

    private static IEnumerable<ModelMetadataResponse.Types.TensorMetadata> Tensors(JsonNode? node) =>
        (node as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(t =>
            {
                var tensor = new ModelMetadataResponse.Types.TensorMetadata
                {
                    Name = t["name"]?.ToString() ?? "",
                    Datatype = t["datatype"]?.ToString() ?? "",
                };
                tensor.Shape.AddRange((t["shape"] as JsonArray ?? []).Select(d => d?.GetValue<long>() ?? -1));
                return tensor;
            });

    public async Task<ModelInferResponse> ModelInfer(ModelInferRequest request)
    {
        var model = Find(request.ModelName, request.ModelVersion);
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        metrics.For(model.Name).RequestStarted();
        try
        {
            var response = await InferAsync(model, request);
            failed = false;
            return response;
        }
        catch (InferenceException e)
        {
            throw new GrpcStatusException(StatusOf(e.StatusCode), e.Message);
        }
        finally
        {
            metrics.For(model.Name).RequestFinished(failed, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<ModelInferResponse> InferAsync(ServedModel model, ModelInferRequest request)
    {
        if (model.Session is null)
            throw new InferenceException(503, $"model '{model.Name}' is not ready: {model.LoadError}");
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw InferenceException.BadRequest(
                $"raw_input_contents has {raw.Count} entries but the request has {request.Inputs.Count} inputs"
            );
        }
        var inputs = new List<KeyValuePair<string, Tensor>>();
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var shape = input.Shape.ToArray();
            if (shape.Any(d => d < 0))
                throw InferenceException.BadRequest($"input '{input.Name}' shape must hold non-negative integers");
            var info = InputValidator.Check(model, input.Name, input.Datatype, shape);
            inputs.Add(
                new(
                    input.Name,
                    raw.Count > 0
                        ? GrpcTensorContents.FromRaw(input.Name, info.ElementType, shape, raw[i])
                        : GrpcTensorContents.FromContents(input.Name, info.ElementType, shape, input.Contents)
                )
            );
        }
        var requested = request.Outputs.Select(o => new RequestedOutput(o.Name, ClassificationOf(o))).ToArray();
        var outputs = await runner.RunAsync(model, inputs, requested);
        var response = new ModelInferResponse
        {
            ModelName = model.Name,
            ModelVersion = model.Version,
            Id = request.Id,
        };
        foreach (var output in outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor
            {
                Name = output.Name,
                Datatype = output.Datatype,
            };
            tensor.Shape.AddRange(output.Tensor.Shape);
            response.Outputs.Add(tensor);
            response.RawOutputContents.Add(GrpcTensorContents.ToRaw(output.Tensor));
        }
        return response;
    }

    private static int ClassificationOf(ModelInferRequest.Types.InferRequestedOutputTensor output)
    {
        if (!output.Parameters.TryGetValue("classification", out var p))
            return 0;
        var k = p.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.Int64Param => p.Int64Param,
            InferParameter.ParameterChoiceOneofCase.Uint64Param => (long)Math.Min(p.Uint64Param, int.MaxValue),
            _ => 0,
        };
        return k is > 0 and <= int.MaxValue
            ? (int)k
            : throw new GrpcStatusException(
                GrpcStatusCode.InvalidArgument,
                $"classification for output '{output.Name}' must be a positive integer"
            );
    }

    private ServedModel Find(string name, string version)
    {
        var model =
            repository.Find(name) ?? throw new GrpcStatusException(GrpcStatusCode.NotFound, $"unknown model '{name}'");
        if (!string.IsNullOrEmpty(version) && !model.HasVersion(version))
            throw new GrpcStatusException(GrpcStatusCode.NotFound, $"model '{name}' has no version '{version}'");
        return model;
    }

    private static GrpcStatusCode StatusOf(int httpStatus) =>
        httpStatus switch
        {
            400 => GrpcStatusCode.InvalidArgument,
            404 => GrpcStatusCode.NotFound,
            413 => GrpcStatusCode.ResourceExhausted,
            503 => GrpcStatusCode.Unavailable,
            _ => GrpcStatusCode.Internal,
        };
}
