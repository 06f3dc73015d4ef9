using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Samples.BackendSignIn;

/// <summary>
/// This backend's own user check, standing in for an OIDC provider, SAML or a user table: a fixed directory of users
/// with salted PBKDF2 password hashes. OrleansSessions never sees these passwords; it only hears "this is user X".
/// </summary>
public sealed class UserDirectory
{
    private const int Iterations = 100_000;

    private readonly Dictionary<string, (byte[] Salt, byte[] Hash, string Tenant)> _users = new(StringComparer.OrdinalIgnoreCase);

    public UserDirectory()
    {
        Add("alice", "wonderland-rabbit", "acme");
        Add("bob", "builder-can-we-fix-it", "globex");
    }

    /// <summary>The user's id and tenant when the password is right; null otherwise.</summary>
    public (string UserId, string Tenant)? Check(string? name, string? password)
    {
        if (name is null || password is null || !_users.TryGetValue(name, out var user))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(password, user.Salt), user.Hash)
            ? ($"sample|{name.ToLowerInvariant()}", user.Tenant)
            : null;
    }

    private void Add(string name, string password, string tenant)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        _users[name] = (salt, Hash(password, salt), tenant);
    }

    private static byte[] Hash(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
