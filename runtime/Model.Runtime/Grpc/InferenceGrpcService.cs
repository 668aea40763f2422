using System.Diagnostics;
using System.Text.Json.Nodes;
using Grpc.Core;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Grpc;

/// <summary>
/// GRPCInferenceService of the Open Inference Protocol over the same models as the REST API. Errors are
/// <see cref="InferenceException"/>s; <see cref="GrpcErrorInterceptor"/> turns them into statuses.
/// </summary>
public sealed class InferenceGrpcService(ModelRepository repository, InferenceRunner runner, RuntimeMetrics metrics)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = repository.AllReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = Find(request.Name, request.Version).IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(
        ServerMetadataRequest request,
        ServerCallContext context
    ) => Task.FromResult(new ServerMetadataResponse { Name = ServerInfo.Name, Version = ServerInfo.Version });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
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

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        context.GetHttpContext().Items[GrpcResetCounter.RequestBytesKey] = request.RawInputContents.Sum(r =>
            (long)r.Length
        );
        var model = Find(request.ModelName, request.ModelVersion);
        var started = Stopwatch.GetTimestamp();
        var status = 500;
        metrics.For(model.Name).RequestStarted();
        try
        {
            var response = await InferAsync(model, request, context.CancellationToken);
            status = 200;
            return response;
        }
        catch (InferenceException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            status = 499;
            throw;
        }
        finally
        {
            metrics.For(model.Name).RequestFinished(status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<ModelInferResponse> InferAsync(
        ServedModel model,
        ModelInferRequest request,
        CancellationToken cancellationToken
    )
    {
        if (!model.IsReady)
            throw ErrorStatus.NotReady(model);
        var inputs = GrpcTensorContents.Inputs(model, request);
        var requested = request.Outputs.Select(o => new RequestedOutput(o.Name, ClassificationOf(o))).ToArray();
        var outputs = await runner.RunAsync(model, inputs, requested, cancellationToken);
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
            : throw InferenceException.BadRequest(
                $"classification for output '{output.Name}' must be a positive integer"
            );
    }

    private ServedModel Find(string name, string version)
    {
        var model = repository.Find(name) ?? throw ErrorStatus.UnknownModel(name);
        if (!string.IsNullOrEmpty(version) && !model.HasVersion(version))
            throw ErrorStatus.UnknownVersion(name, version);
        return model;
    }
}
