using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Api.Accounts;

/// <summary>Account-related settings, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthSettings : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>Retired: registering a listed email made anyone admin. Set, it stops start-up with the replacement named.</summary>
    public string? AdminEmails { get; set; }

    /// <summary>Comma-separated API keys accepted by <c>/auth/introspect</c> in <c>X-Api-Key</c>.</summary>
    public string IntrospectionKeys { get; set; } = string.Empty;

    /// <summary>
    /// Comma-separated API keys of trusted backends: they open and manage sessions through <c>/service/*</c> (and may
    /// introspect), in <c>X-Api-Key</c>.
    /// </summary>
    public string ServiceKeys { get; set; } = string.Empty;

    /// <summary>The first admin, created at start-up when no account has its email.</summary>
    public BootstrapAdminSettings BootstrapAdmin { get; set; } = new();

    /// <summary>
    /// The server secret as base64 (at least 32 random bytes): keys the MAC of refresh tokens and the anti-CSRF
    /// tokens (each through its own HKDF label). The same on every Api node; required outside embedded mode.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>A file holding <see cref="SecretKey"/>.</summary>
    public string? SecretKeyFile { get; set; }

    /// <summary>How recent a session's last proof of identity (<c>auth_time</c>) must be for sensitive calls.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan FreshAuthWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdminEmails))
        {
            yield return new ValidationResult(
                "Auth__AdminEmails is no longer supported (registering a listed email made anyone admin). Create the first admin with "
                + "Auth__BootstrapAdmin__Email and Auth__BootstrapAdmin__Password (or __PasswordFile), then grant the role with "
                + "PUT /admin/users/{user_id}/roles/admin.", [nameof(AdminEmails)]);
        }

        foreach (var problem in BootstrapAdmin.Problems())
        {
            yield return new ValidationResult(problem, [nameof(BootstrapAdmin)]);
        }
    }
}
