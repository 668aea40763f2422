using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;

namespace RuntimeBench;

/// <summary>One request body per protocol for one served model name, built once.</summary>
internal sealed class Requests
{
    public Requests(string servedName, float[] row)
    {
        var features = row.Length;
        Json = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,{features}],\"data\":["
                + string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
                + "]}]}"
        );
        // Triton's binary tensor data extension: JSON header, then the raw little-endian tensor bytes.
        var header = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,{features}],"
                + $"\"parameters\":{{\"binary_data_size\":{features * 4}}}}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}"
        );
        BinaryHeaderLength = header.Length;
        Binary = [.. header, .. MemoryMarshal.AsBytes(row.AsSpan())];
        var message = new ModelInferRequest { ModelName = servedName };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.AddRange([1, features]);
        message.Inputs.Add(input);
        message.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(row.AsSpan())));
        var bytes = message.ToByteArray();
        GrpcFrame = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(GrpcFrame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(GrpcFrame, 5);
    }

    public byte[] Json { get; }
    public byte[] Binary { get; }
    public int BinaryHeaderLength { get; }

    /// <summary>A length-prefixed (uncompressed) ModelInferRequest.</summary>
    public byte[] GrpcFrame { get; }
}

internal static class Clients
{
    private static int s_grpcFailureShown;

    public static async Task<bool> PostJson(HttpClient client, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    public static async Task<bool> PostBinary(HttpClient client, string path, byte[] body, int headerLength)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
        using var response = await client.PostAsync(path, content);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && response.Headers.Contains("Inference-Header-Content-Length");
    }

    /// <summary>A unary gRPC call framed by hand (5-byte prefix, grpc-status trailer), cheap on the client side.</summary>
    public static async Task<bool> GrpcInfer(HttpClient client, byte[] frame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ModelInfer")
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ok =
            response.TrailingHeaders.TryGetValues("grpc-status", out var status)
            && status.First() == "0"
            && body.Length > 5;
        if (!ok && Interlocked.Exchange(ref s_grpcFailureShown, 1) == 0)
            Console.Error.WriteLine(
                $"gRPC failure: HTTP {(int)response.StatusCode}, trailers [{string.Join("; ", response.TrailingHeaders.Select(h => $"{h.Key}={string.Join(",", h.Value)}"))}], {body.Length} bytes"
            );
        return ok;
    }

    public static HttpClient Rest(int port) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };

    public static HttpClient Grpc(int port) =>
        new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
}
