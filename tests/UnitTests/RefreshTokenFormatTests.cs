using OrleansSessions.Abstractions.Sessions;

namespace OrleansSessions.UnitTests;

public sealed class RefreshTokenFormatTests
{
    [Fact]
    public void Round_trips_its_parts()
    {
        var token = RefreshTokenFormat.Compose("u1", "sid_-1", "secret");
        Assert.True(RefreshTokenFormat.TryParse(token, out var user, out var session, out var secret));
        Assert.Equal(("u1", "sid_-1", "secret"), (user, session, secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a..c")]
    [InlineData("a/b.c.d")]
    [InlineData("a.b.c d")]
    [InlineData("\u00e9.b.c")]
    public void Refuses_anything_else(string? token) =>
        Assert.False(RefreshTokenFormat.TryParse(token, out _, out _, out _));

    [Fact]
    public void Refuses_overlong_parts() =>
        Assert.False(RefreshTokenFormat.TryParse($"{new string('a', 129)}.b.c", out _, out _, out _));
}
