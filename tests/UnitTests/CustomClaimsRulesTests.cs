using System.Text.Json;
using OrleansSessions.Api.Service;

namespace OrleansSessions.UnitTests;

/// <summary>A backend's custom claims: an object, at most 2048 bytes compact UTF-8, no reserved or repeated key.</summary>
public sealed class CustomClaimsRulesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Absent_or_empty_claims_are_none()
    {
        Assert.Equal((null, null), CustomClaimsRules.Check(null));
        Assert.Equal((null, null), CustomClaimsRules.Check(Json("{ }")));
    }

    [Fact]
    public void An_object_is_kept_as_compact_json_with_values_of_any_type()
    {
        var (json, problem) = CustomClaimsRules.Check(Json("""{ "tenant" : "acmé", "n": 1.5, "ok": true, "none": null, "list": [1, "a"], "nested": {"x": {}} }"""));

        Assert.Null(problem);
        Assert.Equal("""{"tenant":"acmé","n":1.5,"ok":true,"none":null,"list":[1,"a"],"nested":{"x":{}}}""", json);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("3")]
    [InlineData("false")]
    [InlineData("null")]
    public void Anything_but_an_object_is_refused(string claims) =>
        Assert.Equal("claims must be a JSON object.", CustomClaimsRules.Check(Json(claims)).Problem);

    [Theory]
    [InlineData("sub")]
    [InlineData("sid")]
    [InlineData("jti")]
    [InlineData("iat")]
    [InlineData("nbf")]
    [InlineData("exp")]
    [InlineData("iss")]
    [InlineData("aud")]
    [InlineData("auth_time")]
    [InlineData("amr")]
    [InlineData("roles")]
    [InlineData("client")]
    [InlineData("scope")]
    public void Reserved_keys_are_refused(string key)
    {
        var (json, problem) = CustomClaimsRules.Check(Json($$"""{"tenant": "acme", "{{key}}": "x"}"""));

        Assert.Null(json);
        Assert.Contains($"'{key}'", problem);
    }

    [Fact]
    public void Keys_that_only_resemble_reserved_ones_are_accepted() =>
        Assert.Null(CustomClaimsRules.Check(Json("""{"Sub": 1, "roles_extra": 2, "email": "a@b.c"}""")).Problem);

    [Fact]
    public void A_key_given_twice_is_refused() =>
        Assert.Contains("more than once", CustomClaimsRules.Check(Json("""{"a": 1, "a": 2}""")).Problem);

    [Fact]
    public void The_size_limit_counts_compact_utf8_bytes()
    {
        var exactly = "{\"b\":\"" + new string('x', CustomClaimsRules.MaxBytes - 8) + "\"}";
        var spaced = "{ \"b\" :  \"" + new string('x', CustomClaimsRules.MaxBytes - 8) + "\" }";
        var multiByte = "{\"b\":\"" + new string('é', (CustomClaimsRules.MaxBytes - 8) / 2) + "é\"}";

        Assert.Null(CustomClaimsRules.Check(Json(exactly)).Problem);
        Assert.Null(CustomClaimsRules.Check(Json(spaced)).Problem); // whitespace is not counted
        Assert.Contains("at most 2048 bytes", CustomClaimsRules.Check(Json(multiByte)).Problem);
        Assert.Contains("at most 2048 bytes", CustomClaimsRules.Check(Json("{\"b\":\"" + new string('x', CustomClaimsRules.MaxBytes - 7) + "\"}")).Problem);
    }
}
