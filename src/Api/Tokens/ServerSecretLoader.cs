using OrleansSessions.Api.Accounts;

namespace OrleansSessions.Api.Tokens;

/// <summary>
/// Finds the server secret: <c>Auth:SecretKey</c> (base64 text) or <c>Auth:SecretKeyFile</c> (a file holding it). A
/// secret is generated only in embedded mode.
/// </summary>
public static class ServerSecretLoader
{
    public static (ServerSecret Secret, bool Generated) Load(AuthSettings settings, bool embedded)
    {
        if (!string.IsNullOrWhiteSpace(settings.SecretKey))
        {
            return (ServerSecret.FromBase64(settings.SecretKey, "Auth:SecretKey"), false);
        }

        if (!string.IsNullOrWhiteSpace(settings.SecretKeyFile))
        {
            var path = settings.SecretKeyFile.Trim();
            return File.Exists(path)
                ? (ServerSecret.FromBase64(File.ReadAllText(path), "Auth:SecretKeyFile"), false)
                : throw new InvalidOperationException($"Auth:SecretKeyFile: '{path}' does not exist.");
        }

        if (!embedded)
        {
            throw new InvalidOperationException(
                "No server secret: set Auth__SecretKey (base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`) "
                + "or Auth__SecretKeyFile (a file holding it). Every Api node of a cluster must use the same secret.");
        }

        return (ServerSecret.Generate(), true);
    }
}
