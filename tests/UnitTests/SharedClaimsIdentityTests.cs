using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.UnitTests;

public sealed class SharedClaimsIdentityTests
{
    private static SharedClaimsIdentity Shared() =>
        new(new CaseSensitiveClaimsIdentity([new Claim("sub", "u1"), new Claim("sid", "s1"), new Claim("roles", "admin")], "Bearer", "sub", "roles"));

    [Fact]
    public void Finds_claims_by_exact_type_as_the_verified_identity_does()
    {
        var identity = Shared();

        Assert.Equal("s1", identity.FindFirst("sid")?.Value);
        Assert.Null(identity.FindFirst("SID"));
        Assert.Equal("u1", new ClaimsPrincipal(identity).FindFirst("sub")?.Value);
        Assert.True(new ClaimsPrincipal(identity).IsInRole("admin"));
        Assert.True(identity.IsAuthenticated);
    }

    [Fact]
    public void Refuses_changes_since_every_request_with_the_token_shares_it()
    {
        var identity = Shared();

        Assert.Throws<InvalidOperationException>(() => identity.AddClaim(new Claim("extra", "x")));
        Assert.Throws<InvalidOperationException>(() => identity.RemoveClaim(identity.FindFirst("sid")));
        var copy = identity.Clone();
        copy.AddClaim(new Claim("extra", "x"));
        Assert.Null(identity.FindFirst("extra"));
    }
}
