namespace OrleansSessions.Api.Accounts;

/// <summary>Account-related settings, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";
    public const string AdminRole = "admin";

    /// <summary>Comma-separated emails whose accounts get the <c>admin</c> role at registration.</summary>
    public string AdminEmails { get; set; } = string.Empty;

    /// <summary>Comma-separated API keys accepted by <c>/auth/introspect</c> in <c>X-Api-Key</c>.</summary>
    public string IntrospectionKeys { get; set; } = string.Empty;

    /// <summary>
    /// The server secret as base64 (at least 32 random bytes): keys the MAC of refresh tokens and the anti-CSRF
    /// tokens (each through its own HKDF label). The same on every Api node; required outside embedded mode.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>A file holding <see cref="SecretKey"/>.</summary>
    public string? SecretKeyFile { get; set; }

    /// <summary>The roles this configuration grants the account of <paramref name="normalizedEmail"/> (added to its stored ones).</summary>
    public IReadOnlyList<string> ConfiguredRolesOf(string normalizedEmail) => IsAdminEmail(normalizedEmail) ? [AdminRole] : [];

    public IReadOnlyList<string> RolesOf(string normalizedEmail, IReadOnlyList<string> storedRoles) =>
        IsAdminEmail(normalizedEmail) ? storedRoles.Append(AdminRole).Distinct().ToArray() : storedRoles;

    public bool IsAdminEmail(string normalizedEmail) =>
        AdminEmails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(e => AccountRules.NormalizeEmail(e) == normalizedEmail);
}
