using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.UnitTests;

public sealed class SigningKeysTests
{
    [Fact]
    public void Reads_an_rsa_pem_and_publishes_only_the_public_half()
    {
        using var rsa = RSA.Create(2048);
        var keys = SigningKeys.FromPem(rsa.ExportPkcs8PrivateKeyPem());

        Assert.Equal(SecurityAlgorithms.RsaSha256, keys.Algorithm);
        var jwk = Assert.Single(keys.PublicJwks.Keys);
        Assert.Equal("RSA", jwk.Kty);
        Assert.False(string.IsNullOrEmpty(jwk.Kid));
        Assert.Equal(jwk.Kid, keys.Credentials.Key.KeyId);
        Assert.Null(jwk.D);
        Assert.False(jwk.HasPrivateKey);
    }

    [Fact]
    public void Reads_an_ec_p256_pem_as_es256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keys = SigningKeys.FromPem(ec.ExportECPrivateKeyPem());

        Assert.Equal(SecurityAlgorithms.EcdsaSha256, keys.Algorithm);
        Assert.Equal("EC", Assert.Single(keys.PublicJwks.Keys).Kty);
    }

    [Fact]
    public void The_kid_is_stable_for_one_key()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        Assert.Equal(SigningKeys.FromPem(pem).PublicJwks.Keys[0].Kid, SigningKeys.FromPem(pem.Replace("\n", "\\n")).PublicJwks.Keys[0].Kid);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Refuses_what_is_not_a_private_key(string pem) =>
        Assert.Throws<InvalidOperationException>(() => SigningKeys.FromPem(pem));

    [Fact]
    public void Refuses_a_weak_rsa_key()
    {
        using var rsa = RSA.Create(1024);
        var error = Assert.Throws<InvalidOperationException>(() => SigningKeys.FromPem(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("2048", error.Message);
    }

    [Fact]
    public void Outside_embedded_mode_a_key_is_required() =>
        Assert.Throws<InvalidOperationException>(() => SigningKeyLoader.Load(new JwtSettings(), embedded: false));
}
