namespace OrleansSessions.Client;

/// <summary>Where the client keeps the current session's tokens; replace it to persist them elsewhere.</summary>
public class TokenStore
{
    private SessionTokens? _tokens;

    public virtual SessionTokens? Current => Volatile.Read(ref _tokens);

    public virtual void Set(SessionTokens? tokens) => Volatile.Write(ref _tokens, tokens);
}
