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
        var keys = new SigningKeys(SigningKey.FromPem(rsa.ExportPkcs8PrivateKeyPem()));

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
        var keys = new SigningKeys(SigningKey.FromPem(ec.ExportECPrivateKeyPem()));

        Assert.Equal(SecurityAlgorithms.EcdsaSha256, keys.Algorithm);
        Assert.Equal("EC", Assert.Single(keys.PublicJwks.Keys).Kty);
    }

    [Fact]
    public void The_kid_is_stable_for_one_key()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        Assert.Equal(SigningKey.FromPem(pem).KeyId, SigningKey.FromPem(pem.Replace("\n", "\\n")).KeyId);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Refuses_what_is_not_a_private_key(string pem) =>
        Assert.Throws<InvalidOperationException>(() => SigningKey.FromPem(pem));

    [Fact]
    public void Refuses_a_weak_rsa_key()
    {
        using var rsa = RSA.Create(1024);
        var error = Assert.Throws<InvalidOperationException>(() => SigningKey.FromPem(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Contains("2048", error.Message);
    }

    [Fact]
    public void Outside_embedded_mode_a_key_is_required() =>
        Assert.Throws<InvalidOperationException>(() => SigningKeyLoader.Load(new JwtSettings(), embedded: false));

    [Fact]
    public void Previous_keys_verify_and_stay_published_but_never_sign()
    {
        using var oldRsa = RSA.Create(2048);
        using var newEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var old = SigningKey.FromPem(oldRsa.ExportPkcs8PrivateKeyPem());
        var current = SigningKey.FromPem(newEc.ExportPkcs8PrivateKeyPem());

        var keys = new SigningKeys(current, [old]);

        Assert.Equal(current.KeyId, keys.Credentials.Key.KeyId);
        Assert.Equal([current.KeyId, old.KeyId], keys.PublicJwks.Keys.Select(k => k.Kid));
        Assert.Equal(2, keys.VerificationKeys.Count);
        Assert.Equal([SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256], keys.Algorithms);
    }

    [Fact]
    public void Loads_previous_keys_from_pem_blocks_and_files()
    {
        using var a = RSA.Create(2048);
        using var b = RSA.Create(2048);
        using var c = RSA.Create(2048);
        var file = Path.GetTempFileName();
        File.WriteAllText(file, c.ExportPkcs8PrivateKeyPem());
        try
        {
            var (keys, generated) = SigningKeyLoader.Load(
                new JwtSettings
                {
                    SigningKey = a.ExportPkcs8PrivateKeyPem(),
                    PreviousSigningKeys = b.ExportPkcs8PrivateKeyPem() + "\n" + c.ExportRSAPrivateKeyPem(),
                    PreviousSigningKeyFiles = file,
                },
                embedded: false);

            Assert.False(generated);
            Assert.Equal(3, keys.PublicJwks.Keys.Count); // c appears twice, published once
        }
        finally
        {
            File.Delete(file);
        }
    }
}
