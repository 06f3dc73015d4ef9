namespace OrleansSessions.Client;

/// <summary>
/// Where the client keeps the current session's tokens; replace it to persist them elsewhere (a read may return a new
/// object each time). Every <see cref="RefreshingHandler"/> and <see cref="SessionsClient"/> given the same store
/// refreshes in turn with the others: the Api takes a second use of a refresh token as theft and revokes the session.
/// </summary>
public class TokenStore
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private SessionTokens? _tokens;

    public virtual SessionTokens? Current => Volatile.Read(ref _tokens);

    public virtual void Set(SessionTokens? tokens) => Volatile.Write(ref _tokens, tokens);

    /// <summary>
    /// Runs <paramref name="rotate"/> for <paramref name="used"/> unless the store no longer holds that refresh token
    /// (another caller refreshed, or signed out, meanwhile): then answers what the store holds now, null when signed out.
    /// </summary>
    internal async Task<SessionTokens?> RefreshInTurnAsync(
        SessionTokens used, Func<SessionTokens, Task<SessionTokens>> rotate, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var current = Current;
            return current?.RefreshToken == used.RefreshToken ? await rotate(current) : current;
        }
        finally
        {
            _refreshGate.Release();
        }
    }
}
