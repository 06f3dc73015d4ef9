using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>The OpenAPI document (behind <c>/docs</c>) describes the gateway endpoints as they answer.</summary>
public sealed class GatewayDocumentationTests(GatewayApiFactory factory) : IClassFixture<GatewayApiFactory>
{
    private async Task<JsonObject> DocumentAsync() =>
        await ApiClient.JsonAsync(await factory.CreateClient().GetAsync("/openapi/v1.json"));

    [Fact]
    public async Task Introspection_lists_both_bodies_both_ways_to_present_the_key_and_its_error_codes()
    {
        var document = await DocumentAsync();
        var introspect = document["paths"]!["/auth/introspect"]!["post"]!;

        var bodies = introspect["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToList();
        Assert.Contains("application/x-www-form-urlencoded", bodies);
        Assert.Contains("application/json", bodies);
        var schemes = introspect["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList();
        Assert.Equal(["ApiKey", "ApiKeyBasic"], schemes);
        Assert.Equal("basic", document["components"]!["securitySchemes"]!["ApiKeyBasic"]!["scheme"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.NotNull(introspect["responses"]!["401"]!["content"]!["application/problem+json"]!["examples"]!["invalid_api_key"]);
        Assert.NotNull(introspect["responses"]!["400"]!["content"]!["application/problem+json"]!["examples"]!["validation_failed"]);
    }

    [Fact]
    public async Task The_check_lists_its_identity_headers_and_its_401_codes()
    {
        var check = (await DocumentAsync())["paths"]!["/auth/check"]!["get"]!;

        var headers = check["responses"]!["200"]!["headers"]!.AsObject().Select(h => h.Key).ToList();
        Assert.Equal(["X-User-Id", "X-Session-Id", "X-Client", "X-Auth-Time", "X-Auth-Method"], headers);
        var codes = check["responses"]!["401"]!["content"]!["application/problem+json"]!["examples"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("invalid_token", codes);
        Assert.Contains("session_revoked", codes);
        Assert.NotNull(check["security"]);
    }
}
