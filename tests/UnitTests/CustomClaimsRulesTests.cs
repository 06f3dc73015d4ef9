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

    [Theory]
    [InlineData("Sub")]
    [InlineData("AMR")]
    [InlineData("Roles")]
    public void Reserved_keys_are_refused_in_any_case(string key) =>
        Assert.Contains($"'{key}'", CustomClaimsRules.Check(Json($$"""{"{{key}}": "x"}""")).Problem);

    [Fact]
    public void Keys_that_only_resemble_reserved_ones_are_accepted() =>
        Assert.Null(CustomClaimsRules.Check(Json("""{"subject": 1, "roles_extra": 2, "email": "a@b.c"}""")).Problem);

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

    [Fact]
    public void A_character_outside_the_basic_plane_counts_its_four_utf8_bytes_not_its_escape()
    {
        var emoji = char.ConvertFromUtf32(0x1F600); // written by System.Text.Json as \ud83d\ude00: 12 bytes for 4
        var exactly = "{\"b\":\"" + string.Concat(Enumerable.Repeat(emoji, (CustomClaimsRules.MaxBytes - 8) / 4)) + "\"}";
        var over = "{\"b\":\"" + string.Concat(Enumerable.Repeat(emoji, (CustomClaimsRules.MaxBytes - 8) / 4)) + "x\"}";
        var escapedInInput = "{\"b\":\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", (CustomClaimsRules.MaxBytes - 8) / 4)) + "\"}";

        var (json, problem) = CustomClaimsRules.Check(Json(exactly));
        Assert.Null(problem);
        Assert.Equal(emoji, JsonDocument.Parse(json!).RootElement.GetProperty("b").GetString()![..2]); // kept as the same text
        Assert.Null(CustomClaimsRules.Check(Json(escapedInInput)).Problem);
        Assert.Equal($"claims must be at most 2048 bytes as compact UTF-8 JSON (got {CustomClaimsRules.MaxBytes + 1}).", CustomClaimsRules.Check(Json(over)).Problem);
    }

    [Fact]
    public void Escapes_json_requires_count_as_written_and_others_as_their_utf8_bytes()
    {
        // "\n" and "\"" must stay escaped (2 bytes each); U+2028 (3 bytes of UTF-8) may be written escaped, 6 bytes.
        var body = new string('x', CustomClaimsRules.MaxBytes - 8 - 4 - 3);
        Assert.Null(CustomClaimsRules.Check(Json("{\"b\":\"" + body + "\\n\\\"\\u2028\"}")).Problem);
        Assert.Contains("at most 2048 bytes", CustomClaimsRules.Check(Json("{\"b\":\"" + body + "x\\n\\\"\\u2028\"}")).Problem);
    }

    [Theory]
    [InlineData("""{"k": "\ud800"}""")]
    [InlineData("""{"k": "a\udc00b"}""")]
    [InlineData("""{"\udbff": 1}""")]
    [InlineData("""{"list": [1, {"deep": ["\ud83d"]}]}""")]
    public void Text_with_half_a_surrogate_pair_is_refused(string claims)
    {
        var (json, problem) = CustomClaimsRules.Check(Json(claims));

        Assert.Null(json);
        Assert.StartsWith("claims must be Unicode text", problem);
    }
}
