using System.Security.Claims;
using OrleansSessions.Client;

namespace OrleansSessions.UnitTests;

/// <summary>Which id space a resource server's principal is in (<c>amr</c>), as the service reads a token.</summary>
public sealed class SessionPrincipalTests
{
    private static ClaimsPrincipal With(params string[] methods) =>
        new(new ClaimsIdentity([new Claim("sub", "u1"), .. methods.Select(m => new Claim("amr", m))], "Bearer"));

    [Fact]
    public void A_token_without_amr_is_a_password_users() // issued before the service API
    {
        Assert.Equal([SessionAuthMethods.Password], With().AuthMethods());
        Assert.False(With().IsBackendUser());
    }

    [Fact]
    public void A_backends_user_says_so()
    {
        Assert.Equal([SessionAuthMethods.Backend], With(SessionAuthMethods.Backend).AuthMethods());
        Assert.True(With(SessionAuthMethods.Backend).IsBackendUser());
    }
}
