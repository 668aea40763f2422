using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace ModelSdk.Testing;

/// <summary>A minimal unary gRPC client over HttpClient (HTTP/2), for the in-process server and a real one.</summary>
public sealed class GrpcClient(HttpClient http)
{
    public async Task<(int Status, string? Message, T? Response)> CallAsync<T>(string method, IMessage request)
        where T : class, IMessage<T>, new()
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/inference.GRPCInferenceService/{method}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (
            response.StatusCode != HttpStatusCode.OK
            || response.Content.Headers.ContentType?.MediaType != "application/grpc"
        )
        {
            throw new InvalidOperationException(
                $"not a gRPC response: HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType}"
            );
        }
        var status = int.Parse(Header(response, "grpc-status") ?? "-1");
        var text = Header(response, "grpc-message");
        T? parsed = null;
        if (body.Length >= 5)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
            if (body.Length != 5 + length)
            {
                throw new InvalidOperationException($"gRPC frame says {length} bytes but {body.Length - 5} arrived");
            }
            parsed = new MessageParser<T>(() => new T()).ParseFrom(body, 5, length);
        }
        return (status, text is null ? null : Uri.UnescapeDataString(text), parsed);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var values) ? values.First()
        : response.Headers.TryGetValues(name, out var headerValues) ? headerValues.First()
        : null;
}
