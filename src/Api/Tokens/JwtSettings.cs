using System.ComponentModel.DataAnnotations;

namespace OrleansSessions.Api.Tokens;

/// <summary>Access-token settings, bound from the <c>Jwt</c> configuration section.</summary>
public sealed class JwtSettings
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "orleans-sessions";

    [Required]
    public string Audience { get; set; } = "orleans-sessions";

    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How far the clocks of this service and of the tokens it reads may disagree: a token is accepted this long
    /// after its <c>exp</c> and before its <c>nbf</c>. Kept short, since it lengthens every token's life.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The signing key as PEM text (RSA or EC P-256 private key).</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the signing key as PEM.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Retired keys (PEM blocks) that still verify until the tokens they signed have expired.</summary>
    public string? PreviousSigningKeys { get; set; }

    /// <summary>Comma-separated files of retired keys, as <see cref="PreviousSigningKeys"/>.</summary>
    public string? PreviousSigningKeyFiles { get; set; }
}
