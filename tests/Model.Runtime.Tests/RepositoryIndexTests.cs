using System.Net;
using System.Text.Json.Nodes;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

public class RepositoryIndexTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task The_index_lists_every_model_with_its_state()
    {
        using var response = await _client.PostAsync("/v2/repository/index", null);
        var index = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["broken", "classifier", "dynamic", "scalars", "types"],
            index.Select(m => m!["name"]!.GetValue<string>())
        );
        var broken = index.Single(m => m!["name"]!.GetValue<string>() == "broken")!;
        Assert.Equal("UNAVAILABLE", broken["state"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(broken["reason"]!.GetValue<string>()));
        var classifier = index.Single(m => m!["name"]!.GetValue<string>() == "classifier")!;
        Assert.Equal(
            ("1", "READY"),
            (classifier["version"]!.GetValue<string>(), classifier["state"]!.GetValue<string>())
        );
    }

    [Fact]
    public async Task Ready_true_leaves_out_models_that_are_not_ready_and_bad_bodies_are_400()
    {
        var (status, body) = await _client.PostJson("/v2/repository/index", """{"ready": true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("broken", body!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.Equal(4, body.AsArray().Count);

        (status, body) = await _client.PostJson("/v2/repository/index", """{"ready": 1}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"ready\" must be true or false", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Load_of_a_ready_model_succeeds_while_unload_and_failed_loads_say_why()
    {
        var (status, body) = await _client.PostJson("/v2/repository/models/classifier/load", "");
        Assert.Equal(HttpStatusCode.OK, status);

        (status, body) = await _client.PostJson("/v2/repository/models/broken/load", "");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("failed to load 'broken'", body!["error"]!.GetValue<string>());

        (status, body) = await _client.PostJson("/v2/repository/models/nope/load", "");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("no such model", body!["error"]!.GetValue<string>());

        (status, body) = await _client.PostJson("/v2/repository/models/classifier/unload", "");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("model control is off", body!["error"]!.GetValue<string>());

        (status, _) = await _client.GetJson("/v2/models/classifier/ready");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
