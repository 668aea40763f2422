using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelRuntime.Tests.Support;

internal static class Http
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetJson(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await ReadJson(response));
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostJson(
        this HttpClient client,
        string path,
        string body
    )
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        return (response.StatusCode, await ReadJson(response));
    }

    private static async Task<JsonNode?> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text);
    }
}
