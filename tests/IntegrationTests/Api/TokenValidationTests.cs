using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Tokens the Api must refuse, each with the contract's code.</summary>
public sealed class TokenValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private async Task<Dictionary<string, object>> ValidClaimsAsync() => TestTokens.ClaimsOf((await _api.SignUpAndLoginAsync()).Token);

    [Fact]
    public async Task No_token_is_invalid_token()
    {
        var response = await _api.GetAsync("/auth/me");
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public async Task Malformed_tokens_are_invalid_token(string token) =>
        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "invalid_token");

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var claims = await ValidClaimsAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = $$"""{"sub":"{{claims["sub"]}}","sid":"{{claims["sid"]}}","iss":"orleans-sessions","aud":"orleans-sessions","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""";

        var response = await _api.GetAsync("/auth/me", $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode(payload)}.");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        var claims = await ValidClaimsAsync();
        using var rsa = RSA.Create(2048);
        var forged = TestTokens.Sign(new RsaSecurityKey(rsa) { KeyId = "attacker" }, SecurityAlgorithms.RsaSha256, claims, DateTime.UtcNow);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", forged), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_the_public_key_is_refused()
    {
        var claims = await ValidClaimsAsync();
        var jwks = await _api.Http.GetStringAsync("/.well-known/jwks.json");
        var forged = TestTokens.Sign(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwks.PadRight(64))), SecurityAlgorithms.HmacSha256, claims, DateTime.UtcNow);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", forged), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("someone-else", "orleans-sessions")]
    [InlineData("orleans-sessions", "another-service")]
    public async Task Wrong_issuer_or_audience_is_refused(string issuer, string audience)
    {
        var claims = await ValidClaimsAsync();
        var keys = factory.Services.GetRequiredService<SigningKeys>();
        var token = TestTokens.Sign(keys.Credentials.Key, keys.Algorithm, claims, DateTime.UtcNow, issuer, audience);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_expired_token_is_token_expired()
    {
        var claims = await ValidClaimsAsync();
        var keys = factory.Services.GetRequiredService<SigningKeys>();
        var token = TestTokens.Sign(keys.Credentials.Key, keys.Algorithm, claims, factory.Clock.GetUtcNow().UtcDateTime.AddHours(-1));

        var response = await _api.GetAsync("/auth/me", token);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token_expired");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_not_yet_valid_token_is_refused()
    {
        var claims = await ValidClaimsAsync();
        var keys = factory.Services.GetRequiredService<SigningKeys>();
        var token = TestTokens.Sign(keys.Credentials.Key, keys.Algorithm, claims, factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(10));

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_correctly_signed_token_for_an_unknown_session_is_session_revoked()
    {
        var claims = await ValidClaimsAsync();
        claims["sid"] = "AAAAAAAAAAAAAAAAAAAAAA";
        var keys = factory.Services.GetRequiredService<SigningKeys>();
        var token = TestTokens.Sign(keys.Credentials.Key, keys.Algorithm, claims, factory.Clock.GetUtcNow().UtcDateTime);

        await ApiClient.AssertProblemAsync(await _api.GetAsync("/auth/me", token), HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task Access_tokens_verify_with_the_published_jwks()
    {
        var (_, token) = await _api.SignUpAndLoginAsync();
        var jwks = new JsonWebKeySet(await _api.Http.GetStringAsync("/.well-known/jwks.json"));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "orleans-sessions",
            ValidAudience = "orleans-sessions",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            LifetimeValidator = (_, expires, _, _) => expires > factory.Clock.GetUtcNow().UtcDateTime,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.All(jwks.Keys, k => Assert.False(k.HasPrivateKey));
    }

    [Fact]
    public async Task The_issuer_mints_the_same_token_for_the_same_rotation()
    {
        var issuer = factory.Services.GetRequiredService<AccessTokenIssuer>();
        var issued = new IssuedTokens("sid", "u.sid.secret", factory.Clock.GetUtcNow(), factory.Clock.GetUtcNow().AddHours(1), 3, new UserIdentity("a@example.com", []), false, factory.Clock.GetUtcNow());

        Assert.Equal(issuer.Mint("u", issued), issuer.Mint("u", issued));
        await Task.CompletedTask;
    }
}
