using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.UnitTests;

public sealed class RefreshTokenFormatTests
{
    [Fact]
    public void Round_trips_its_parts()
    {
        var payload = RefreshTokenFormat.Payload("u1", "sid_-1", 12, "secret");
        var token = RefreshTokenFormat.Compose(payload, "mac");

        Assert.True(RefreshTokenFormat.TryParse(token, out var parts));
        Assert.Equal(("u1", "sid_-1", 12, "secret", "mac"), (parts.UserId, parts.SessionId, parts.Generation, parts.Secret, parts.Mac));
        Assert.Equal("u1.sid_-1.12.secret", parts.Payload);
        Assert.Equal(new RefreshAttempt("sid_-1", 12, "secret"), parts.Attempt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a.b.c")] // the format before generations and MACs
    [InlineData("a.b.1.d")]
    [InlineData("a.b.1.d.e.f")]
    [InlineData("a..1.d.e")]
    [InlineData("a.b.0.d.e")]
    [InlineData("a.b.01.d.e")]
    [InlineData("a.b.-1.d.e")]
    [InlineData("a.b.+1.d.e")]
    [InlineData("a.b.1234567890.d.e")]
    [InlineData("a.b.x.d.e")]
    [InlineData("a/b.c.1.d.e")]
    [InlineData("a.b.1.d e.f")]
    [InlineData("\u00e9.b.1.d.e")]
    [InlineData("a.b.\u0661.d.e")] // an Arabic-Indic digit one
    public void Refuses_anything_else(string? token) =>
        Assert.False(RefreshTokenFormat.TryParse(token, out _));

    [Fact]
    public void Refuses_overlong_parts()
    {
        // 192: room for the key of an external user id of 128 characters (x + base64url of its bytes).
        Assert.True(RefreshTokenFormat.TryParse($"{new string('a', 192)}.b.1.d.e", out _));
        Assert.False(RefreshTokenFormat.TryParse($"{new string('a', 193)}.b.1.d.e", out _));
    }

    [Fact]
    public void Never_prints_its_secret_or_mac()
    {
        Assert.True(RefreshTokenFormat.TryParse("user.sid.3.the-secret.the-mac", out var parts));

        Assert.DoesNotContain("the-secret", parts.ToString());
        Assert.DoesNotContain("the-mac", parts.ToString());
        Assert.DoesNotContain("the-secret", parts.Attempt.ToString());
    }
}
