using System.Buffers.Binary;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Accounts;

namespace OrleansSessions.UnitTests;

/// <summary>The password hashing the silos are configured with: PBKDF2-HMAC-SHA512 at OWASP's iteration count.</summary>
public sealed class PasswordHashingTests
{
    private const string Password = "correct horse battery";

    private static PasswordHasher<object> Hasher(int iterations) =>
        new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));

    private static PasswordHashing Configured()
    {
        var options = new PasswordHasherOptions();
        PasswordHashing.Configure(options);
        return new PasswordHashing(new PasswordHasher<object>(Options.Create(options)));
    }

    /// <summary>Identity's version 3 format: marker 0x01, then the PRF, the iteration count and the salt length, big-endian.</summary>
    private static (KeyDerivationPrf Prf, int Iterations) Parameters(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return ((KeyDerivationPrf)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }

    [Fact]
    public void New_hashes_are_pbkdf2_hmac_sha512_with_at_least_210_000_iterations()
    {
        var (prf, iterations) = Parameters(Configured().Hash(Password));

        Assert.Equal(KeyDerivationPrf.HMACSHA512, prf);
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }

    [Fact]
    public void A_hash_made_with_fewer_iterations_verifies_and_asks_to_be_made_again()
    {
        var hashing = Configured();
        var weak = Hasher(10_000).HashPassword(new object(), Password);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hashing.Verify(weak, Password));
        Assert.Equal(PasswordVerificationResult.Failed, hashing.Verify(weak, "wrong password"));
        Assert.Equal(PasswordVerificationResult.Success, hashing.Verify(hashing.Hash(Password), Password));
    }

    [Fact]
    public void An_account_without_a_hash_never_verifies()
    {
        Assert.Equal(PasswordVerificationResult.Failed, Configured().Verify(null, Password));
    }
}
