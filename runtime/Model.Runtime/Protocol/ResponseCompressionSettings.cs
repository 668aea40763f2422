using Microsoft.AspNetCore.ResponseCompression;

namespace ModelRuntime.Protocol;

/// <summary>REST answers are gzip-compressed when the client sends Accept-Encoding: gzip (JSON and binary alike).</summary>
public static class ResponseCompressionSettings
{
    public static void Configure(ResponseCompressionOptions options)
    {
        options.Providers.Add<GzipCompressionProvider>();
        options.MimeTypes = ["application/json", "application/octet-stream", "text/plain"];
    }
}
