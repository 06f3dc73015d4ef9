using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The asymmetric key that signs access tokens (RS256 or ES256), its <c>kid</c> (the RFC 7638 thumbprint)
/// and the public JWKS that lets other services verify tokens without calling this one.
/// </summary>
public sealed class SigningKeys
{
    private readonly byte[] _secretMaterial;

    private SigningKeys(AsymmetricSecurityKey privateKey, JsonWebKey publicJwk, string algorithm, byte[] secretMaterial)
    {
        _secretMaterial = secretMaterial;
        Algorithm = algorithm;
        privateKey.KeyId = publicJwk.Kid;
        Credentials = new SigningCredentials(privateKey, algorithm);
        VerificationKeys = [privateKey];
        PublicJwks = new JsonWebKeySet { Keys = { publicJwk } };
    }

    public string Algorithm { get; }

    public SigningCredentials Credentials { get; }

    public IReadOnlyList<SecurityKey> VerificationKeys { get; }

    public JsonWebKeySet PublicJwks { get; }

    /// <summary>A 256-bit key for <paramref name="purpose"/> (HKDF over the private key), the same on every node sharing the key.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secretMaterial, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    /// <summary>A fresh RSA key for embedded mode: tokens do not survive a restart.</summary>
    public static SigningKeys Generate() => FromRsa(RSA.Create(2048));

    /// <summary>Reads an RSA or EC (P-256) private key in PEM form.</summary>
    public static SigningKeys FromPem(string pem)
    {
        pem = pem.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        if (!pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Jwt:SigningKey must be a PEM private key (RSA or EC P-256).");
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            if (rsa.KeySize < 2048)
            {
                throw new InvalidOperationException($"Jwt:SigningKey is an RSA key of {rsa.KeySize} bits; at least 2048 are required.");
            }

            return FromRsa(rsa);
        }
        catch (CryptographicException)
        {
            // Not RSA: try EC below.
        }
        catch (ArgumentException)
        {
            // Not RSA: try EC below.
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256)
            {
                throw new InvalidOperationException("Jwt:SigningKey is an EC key that is not P-256; ES256 needs P-256.");
            }

            return FromEc(ec);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException("Jwt:SigningKey could not be read as an RSA or EC private key in PEM form.", ex);
        }
    }

    private static SigningKeys FromRsa(RSA rsa)
    {
        var publicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        return new SigningKeys(new RsaSecurityKey(rsa), Finish(publicJwk, SecurityAlgorithms.RsaSha256), SecurityAlgorithms.RsaSha256, rsa.ExportPkcs8PrivateKey());
    }

    private static SigningKeys FromEc(ECDsa ec)
    {
        var publicEc = ECDsa.Create(ec.ExportParameters(false));
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicEc));
        return new SigningKeys(new ECDsaSecurityKey(ec), Finish(publicJwk, SecurityAlgorithms.EcdsaSha256), SecurityAlgorithms.EcdsaSha256, ec.ExportPkcs8PrivateKey());
    }

    private static JsonWebKey Finish(JsonWebKey jwk, string algorithm)
    {
        jwk.Kid = Base64Url.EncodeToString(jwk.ComputeJwkThumbprint());
        jwk.Alg = algorithm;
        jwk.Use = JsonWebKeyUseNames.Sig;
        return jwk;
    }
}
