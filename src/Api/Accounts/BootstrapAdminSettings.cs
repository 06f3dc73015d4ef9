namespace OrleansSessions.Api.Accounts;

/// <summary><c>Auth:BootstrapAdmin</c>: the account created with the admin role at start-up, if its email is free.</summary>
public sealed class BootstrapAdminSettings
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password (a container secret), instead of <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email);

    /// <summary>The password, from the file when one is named.</summary>
    public string ReadPassword() =>
        string.IsNullOrWhiteSpace(PasswordFile) ? Password ?? string.Empty : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');

    public IEnumerable<string> Problems()
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (!AccountRules.IsValidEmail(Email))
        {
            yield return "Auth__BootstrapAdmin__Email is not a valid email address.";
        }

        if (string.IsNullOrEmpty(Password) == string.IsNullOrWhiteSpace(PasswordFile))
        {
            yield return "Set exactly one of Auth__BootstrapAdmin__Password and Auth__BootstrapAdmin__PasswordFile.";
        }
        else if (!string.IsNullOrWhiteSpace(PasswordFile) && !File.Exists(PasswordFile))
        {
            yield return $"Auth__BootstrapAdmin__PasswordFile '{PasswordFile}' does not exist.";
        }
        else if (string.IsNullOrWhiteSpace(PasswordFile) && AccountRules.PasswordProblem(Password) is { } problem)
        {
            yield return $"Auth__BootstrapAdmin__Password: {problem}";
        }
    }
}
