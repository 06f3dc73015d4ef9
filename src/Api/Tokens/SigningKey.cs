using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>One asymmetric signing key (RS256 or ES256) with its <c>kid</c> (the RFC 7638 thumbprint) and public JWK.</summary>
public sealed class SigningKey
{
    private SigningKey(AsymmetricSecurityKey privateKey, JsonWebKey publicJwk, string algorithm)
    {
        privateKey.KeyId = publicJwk.Kid;
        PrivateKey = privateKey;
        PublicJwk = publicJwk;
        Algorithm = algorithm;
    }

    public AsymmetricSecurityKey PrivateKey { get; }

    public JsonWebKey PublicJwk { get; }

    public string Algorithm { get; }

    public string KeyId => PublicJwk.Kid;

    public static SigningKey Generate() => FromRsa(RSA.Create(2048));

    /// <summary>Reads an RSA (at least 2048 bits) or EC P-256 private key in PEM form.</summary>
    public static SigningKey FromPem(string pem, string settingName = "Jwt:SigningKey")
    {
        pem = pem.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        if (!pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{settingName} must be a PEM private key (RSA or EC P-256).");
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.KeySize >= 2048
                ? FromRsa(rsa)
                : throw new InvalidOperationException($"{settingName} is an RSA key of {rsa.KeySize} bits; at least 2048 are required.");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Not RSA: try EC below.
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec.KeySize == 256
                ? FromEc(ec)
                : throw new InvalidOperationException($"{settingName} is an EC key that is not P-256; ES256 needs P-256.");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"{settingName} could not be read as an RSA or EC private key in PEM form.", ex);
        }
    }

    private static SigningKey FromRsa(RSA rsa)
    {
        var publicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        return new SigningKey(new RsaSecurityKey(rsa), Finish(publicJwk, SecurityAlgorithms.RsaSha256), SecurityAlgorithms.RsaSha256);
    }

    private static SigningKey FromEc(ECDsa ec)
    {
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(false))));
        return new SigningKey(new ECDsaSecurityKey(ec), Finish(publicJwk, SecurityAlgorithms.EcdsaSha256), SecurityAlgorithms.EcdsaSha256);
    }

    private static JsonWebKey Finish(JsonWebKey jwk, string algorithm)
    {
        jwk.Kid = Base64Url.EncodeToString(jwk.ComputeJwkThumbprint());
        jwk.Alg = algorithm;
        jwk.Use = JsonWebKeyUseNames.Sig;
        return jwk;
    }
}
