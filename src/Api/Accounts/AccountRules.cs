using System.Net.Mail;
using System.Text;

namespace OrleansSessions.Api.Accounts;

/// <summary>Email normalisation and the password policy.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    /// <summary>
    /// Trimmed, in Unicode's composed form (NFC) and lower-cased: the account key. Without NFC, "jos\u00e9" and
    /// "jose\u0301" (the same text on screen) would be two accounts.
    /// </summary>
    public static string NormalizeEmail(string email) => email.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var normalized = NormalizeEmail(email);
        if (normalized.Length > MaxEmailLength || normalized.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = normalized.LastIndexOf('@');
        if (at <= 0 || at == normalized.Length - 1 || !normalized[(at + 1)..].Contains('.'))
        {
            return false;
        }

        return MailAddress.TryCreate(normalized, out var parsed) && parsed.Address == normalized;
    }

    public static string? PasswordProblem(string? password) => password switch
    {
        null or "" => "password is required.",
        _ when Characters(password) < MinPasswordLength => $"password must have at least {MinPasswordLength} characters.",
        _ when IsTooLongPassword(password) => $"password must have at most {MaxPasswordLength} characters.",
        _ => null,
    };

    /// <summary>Longer than <see cref="MaxPasswordLength"/> characters: what no sign-in or password check takes.</summary>
    public static bool IsTooLongPassword(string password) =>
        password.Length > MaxPasswordLength && Characters(password) > MaxPasswordLength;

    /// <summary>
    /// Characters as people count them in a password (Unicode code points, as NIST SP 800-63B asks): an emoji is one,
    /// though .NET stores it as two UTF-16 units.
    /// </summary>
    private static int Characters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
