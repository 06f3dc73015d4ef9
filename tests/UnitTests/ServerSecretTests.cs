using System.Security.Cryptography;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.UnitTests;

public sealed class ServerSecretTests
{
    private static readonly string Random32 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Each_use_gets_its_own_key_and_every_node_with_the_secret_the_same_one()
    {
        var a = ServerSecret.FromBase64(Random32);
        var b = ServerSecret.FromBase64(Random32);

        Assert.Equal(a.DeriveKey(ServerSecret.RefreshTokenPurpose), b.DeriveKey(ServerSecret.RefreshTokenPurpose));
        Assert.NotEqual(a.DeriveKey(ServerSecret.RefreshTokenPurpose), a.DeriveKey(ServerSecret.CsrfPurpose));
        Assert.NotEqual(a.DeriveKey(ServerSecret.CsrfPurpose), ServerSecret.Generate().DeriveKey(ServerSecret.CsrfPurpose));
        Assert.Equal(32, a.DeriveKey(ServerSecret.CsrfPurpose).Length);
    }

    [Fact]
    public void Reads_standard_and_url_safe_base64_with_or_without_padding_and_line_breaks()
    {
        var bytes = RandomNumberGenerator.GetBytes(48);
        var standard = Convert.ToBase64String(bytes);
        var key = ServerSecret.FromBase64(standard).DeriveKey("x");

        Assert.Equal(key, ServerSecret.FromBase64(System.Buffers.Text.Base64Url.EncodeToString(bytes)).DeriveKey("x"));
        Assert.Equal(key, ServerSecret.FromBase64($"{standard[..20]}\n{standard[20..]}\n").DeriveKey("x"));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")] // 5 bytes
    [InlineData("MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MA")] // 31 bytes
    public void Refuses_what_is_not_base64_of_at_least_32_bytes(string text)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerSecret.FromBase64(text));
        Assert.Contains("Auth:SecretKey", error.Message);
    }

    [Fact]
    public void Outside_embedded_mode_a_secret_is_required_and_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerSecretLoader.Load(new AuthSettings(), embedded: false));
        Assert.Contains("Auth__SecretKey", error.Message);
    }

    [Fact]
    public void In_embedded_mode_a_secret_is_generated_and_a_configured_one_is_used()
    {
        Assert.True(ServerSecretLoader.Load(new AuthSettings(), embedded: true).Generated);
        var (secret, generated) = ServerSecretLoader.Load(new AuthSettings { SecretKey = Random32 }, embedded: true);
        Assert.False(generated);
        Assert.Equal(ServerSecret.FromBase64(Random32).DeriveKey("x"), secret.DeriveKey("x"));
    }

    [Fact]
    public void Reads_the_secret_from_a_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, Random32 + "\n");
        try
        {
            var (secret, generated) = ServerSecretLoader.Load(new AuthSettings { SecretKeyFile = file }, embedded: false);
            Assert.False(generated);
            Assert.Equal(ServerSecret.FromBase64(Random32).DeriveKey("x"), secret.DeriveKey("x"));
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("Auth:SecretKeyFile", Assert.Throws<InvalidOperationException>(
            () => ServerSecretLoader.Load(new AuthSettings { SecretKeyFile = file }, embedded: false)).Message);
    }
}
