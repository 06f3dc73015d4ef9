using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// The identity of a verified token, shared by every request that presents that token (<see cref="VerifiedTokenCache"/>)
/// instead of copied for each: so it refuses to change (decorate a <see cref="Clone"/> instead), and finds a claim
/// without allocating. Claim types compare ordinally, as in <see cref="CaseSensitiveClaimsIdentity"/>.
/// </summary>
public sealed class SharedClaimsIdentity : CaseSensitiveClaimsIdentity
{
    private readonly Claim[] _claims;
    private readonly bool _frozen;
    private readonly JsonWebToken? _token;
    private JsonElement? _customClaims;

    public SharedClaimsIdentity(ClaimsIdentity verified, JsonWebToken? token = null)
        : base(verified)
    {
        _claims = [.. Claims];
        _token = token;
        _frozen = true;
    }

    /// <summary>
    /// The token's custom claims as the backend gave them (<see cref="CustomTokenClaims"/>), read from the payload on
    /// first use and kept with the identity: every later request with the same token gets them for nothing.
    /// </summary>
    public JsonElement? CustomClaims => _token is null ? null : _customClaims ??= CustomTokenClaims.Of(_token);

    public override Claim? FindFirst(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        foreach (var claim in _claims)
        {
            if (string.Equals(claim.Type, type, StringComparison.Ordinal))
            {
                return claim;
            }
        }

        return null;
    }

    /// <summary>A private, changeable copy.</summary>
    public override ClaimsIdentity Clone() => new CaseSensitiveClaimsIdentity(this);

    public override void AddClaim(Claim claim)
    {
        ThrowIfFrozen();
        base.AddClaim(claim);
    }

    public override void AddClaims(IEnumerable<Claim?> claims)
    {
        ThrowIfFrozen();
        base.AddClaims(claims);
    }

    public override void RemoveClaim(Claim? claim)
    {
        ThrowIfFrozen();
        base.RemoveClaim(claim);
    }

    public override bool TryRemoveClaim(Claim? claim)
    {
        ThrowIfFrozen();
        return base.TryRemoveClaim(claim);
    }

    private void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException("This identity is shared by every request with the same token; change a Clone() of it.");
        }
    }
}
