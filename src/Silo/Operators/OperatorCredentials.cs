using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Silo.Operators;

/// <summary>The operator sign-in for the dashboard, from <c>Dashboard:Username</c> and <c>Dashboard:Password</c>.</summary>
public sealed class OperatorCredentials
{
    public const string Section = "Dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    /// <summary>Compares hashes in fixed time, so timing reveals nothing about either value.</summary>
    public bool Matches(string username, string password) =>
        IsConfigured
        & FixedTimeEquals(username, Username!)
        & FixedTimeEquals(password, Password!);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
