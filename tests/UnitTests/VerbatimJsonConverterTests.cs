using System.Text.Json;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.UnitTests;

public sealed class VerbatimJsonConverterTests
{
    private static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Claims as the Api holds them: parsed back from their stored compact text, with characters that need escaping.</summary>
    private static readonly JsonElement Claims = CustomClaimsJson.Parse(
        JsonSerializer.Serialize(new { tenant = "acme <r&d>", name = "Zoë", permissions = new[] { "orders:read", "a\"b" }, profile = new { locale = "en-GB", n = 1.5 }, on = true, none = (string?)null }));

    [Fact]
    public void The_me_answer_carries_the_claims_byte_for_byte_as_the_element_itself_would_be_written()
    {
        var json = JsonSerializer.Serialize(new MeResponse("u1", null, "s1", "web", 1767261600, Claims), Api);

        Assert.Equal($$"""{"user_id":"u1","session_id":"s1","client":"web","auth_time":1767261600,"claims":{{JsonSerializer.Serialize(Claims)}}}""", json);
        Assert.Contains("""\u003Cr\u0026d\u003E""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_are_written_as_stored_not_re_encoded()
    {
        var stored = CustomClaimsJson.Parse("""{"name":"Zoë","n":1.50}""");

        var json = JsonSerializer.Serialize(new MeResponse("u1", null, "s1", "web", null, stored), Api);

        Assert.EndsWith("""
            "claims":{"name":"Zoë","n":1.50}}
            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Introspection_carries_claims_when_it_has_them_and_no_claims_member_otherwise()
    {
        var with = JsonSerializer.Serialize(new IntrospectionResponse(true, Sub: "u1", Claims: Claims), Api);
        var without = JsonSerializer.Serialize(new IntrospectionResponse(true, Sub: "u1"), Api);

        Assert.Equal($$"""{"active":true,"sub":"u1","claims":{{JsonSerializer.Serialize(Claims)}}}""", with);
        Assert.Equal("""{"active":true,"sub":"u1"}""", without);
    }

    [Fact]
    public void An_answer_read_back_has_the_claims_it_was_written_with()
    {
        var json = JsonSerializer.Serialize(new MeResponse("u1", null, "s1", "web", null, Claims), Api);

        var read = JsonSerializer.Deserialize<MeResponse>(json, Api)!;

        Assert.True(JsonElement.DeepEquals(Claims, read.Claims));
    }
}
