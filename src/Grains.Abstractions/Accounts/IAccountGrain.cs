namespace OrleansSessions.Abstractions.Accounts;

/// <summary>An account (key: normalised email) holding the user id, password hash and roles.</summary>
[Alias("os.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; null when the email is already taken.</summary>
    [Alias("Register")]
    Task<AccountCredentials?> Register(NewAccount account);

    /// <summary>The account's credentials; null when no account has this email.</summary>
    [Alias("GetCredentials")]
    Task<AccountCredentials?> GetCredentials();

    /// <summary>The account as an operator sees it; null when no account has this email.</summary>
    [Alias("GetProfile")]
    Task<AccountProfile?> GetProfile();

    /// <summary>Replaces the password hash; false when no account has this email.</summary>
    [Alias("ChangePassword")]
    Task<bool> ChangePassword(string newPasswordHash);
}
