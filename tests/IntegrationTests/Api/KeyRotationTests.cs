using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>A new key signs; the previous key still verifies and stays in the JWKS.</summary>
public sealed class KeyRotationApiFactory : ApiFactory
{
    public static readonly RSA Previous = RSA.Create(2048);
    public static readonly ECDsa Current = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Jwt:SigningKey"] = Current.ExportPkcs8PrivateKeyPem(),
        ["Jwt:PreviousSigningKeys"] = Previous.ExportPkcs8PrivateKeyPem(),
    };
}

public sealed class KeyRotationTests(KeyRotationApiFactory factory) : IClassFixture<KeyRotationApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task The_new_key_signs_and_both_keys_are_published()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        var jwks = new JsonWebKeySet(await _api.Http.GetStringAsync("/.well-known/jwks.json"));

        Assert.Equal("ES256", ApiClient.DecodeJwtPart(token, 0).GetProperty("alg").GetString());
        Assert.Equal(["EC", "RSA"], jwks.Keys.Select(k => k.Kty));
        Assert.Equal(jwks.Keys[0].Kid, ApiClient.DecodeJwtPart(token, 0).GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Tokens_signed_by_the_previous_key_still_verify()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        var jwks = new JsonWebKeySet(await _api.Http.GetStringAsync("/.well-known/jwks.json"));
        var previousKey = new RsaSecurityKey(KeyRotationApiFactory.Previous) { KeyId = jwks.Keys.Single(k => k.Kty == "RSA").Kid };

        var oldToken = TestTokens.Sign(previousKey, SecurityAlgorithms.RsaSha256, TestTokens.ClaimsOf(token), factory.Clock.GetUtcNow().UtcDateTime);

        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/auth/me", oldToken)).StatusCode);
    }

    [Fact]
    public async Task A_key_that_was_never_configured_does_not_verify()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        using var stranger = RSA.Create(2048);
        var jwks = new JsonWebKeySet(await _api.Http.GetStringAsync("/.well-known/jwks.json"));
        var pretendingToBePrevious = new RsaSecurityKey(stranger) { KeyId = jwks.Keys.Single(k => k.Kty == "RSA").Kid };

        var forged = TestTokens.Sign(pretendingToBePrevious, SecurityAlgorithms.RsaSha256, TestTokens.ClaimsOf(token), factory.Clock.GetUtcNow().UtcDateTime);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", forged), HttpStatusCode.Unauthorized, "invalid_token");
    }
}
