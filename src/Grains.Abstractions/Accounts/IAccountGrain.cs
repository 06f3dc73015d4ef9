namespace OrleansSessions.Abstractions.Accounts;

/// <summary>An account (key: normalised email) holding the user id, password hash and version, and roles.</summary>
[Alias("os.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; null when the email is already taken.</summary>
    [Alias("Register")]
    Task<AccountCredentials?> Register(NewAccount account);

    /// <summary>
    /// The account's credentials; null when no account has this email. A password change whose revocation of the old
    /// sessions could not be finished is finished first.
    /// </summary>
    [Alias("GetCredentials")]
    Task<AccountCredentials?> GetCredentials();

    /// <summary>The account as an operator sees it; null when no account has this email.</summary>
    [Alias("GetProfile")]
    Task<AccountProfile?> GetProfile();

    /// <summary>
    /// Replaces the password in one step: the new hash and the next password version are stored together with the
    /// duty to end the older password's sessions, which is done (the user's grain then refuses sessions proven with
    /// an older version) before this returns. False when there is no account or the password changed since it was
    /// proven.
    /// </summary>
    [Alias("ReplacePassword")]
    Task<bool> ReplacePassword(PasswordReplacement replacement);

    /// <summary>
    /// Stores a stronger hash of the same password (a login found the stored one weaker than new hashes); false, and
    /// nothing stored, when the password changed since <paramref name="passwordVersion"/> was proven.
    /// </summary>
    [Alias("UpgradePasswordHash")]
    Task<bool> UpgradePasswordHash(int passwordVersion, string newPasswordHash);
}
