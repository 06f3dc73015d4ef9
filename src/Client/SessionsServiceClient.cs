using System.Net.Http.Json;

namespace OrleansSessions.Client;

/// <summary>
/// The service API for backends that authenticate their users themselves (OIDC, SAML, magic links, their own user
/// table) and keep the sessions in OrleansSessions: open a session for a user id of theirs, change its custom claims,
/// list and revoke. Every call carries the service key in <c>X-Api-Key</c>; a problem answer becomes a
/// <see cref="SessionsApiException"/> with the contract's code.
/// </summary>
public sealed class SessionsServiceClient(HttpClient http, string apiKey)
{
    private const string KeyHeader = "X-Api-Key";

    /// <summary>Opens a session for <paramref name="request"/>'s user: the tokens to hand to that user's client.</summary>
    public async Task<ServiceSession> OpenSessionAsync(ServiceSessionRequest request, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            user_id = request.UserId,
            claims = request.Claims,
            client = request.Client,
            remember_me = request.RememberMe,
            ip_address = request.IpAddress,
            user_agent = request.UserAgent,
        };
        using var response = await SendAsync(HttpMethod.Post, "/service/sessions", body, cancellationToken);
        var answer = await SessionsClient.ReadAsync<OpenAnswer>(response, cancellationToken);
        return new ServiceSession(answer.User.UserId, answer.SessionId, answer.AccessToken, answer.RefreshToken, answer.ExpiresIn, answer.RefreshExpiresIn);
    }

    /// <summary>
    /// Replaces the custom claims of a session (any object that serializes to a JSON object; an empty one removes them):
    /// introspection sees them at once, access tokens from the session's next refresh.
    /// </summary>
    public async Task UpdateClaimsAsync(string userId, string sessionId, object claims, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Patch, Path(userId, sessionId), new { claims }, cancellationToken);
        await SessionsClient.EnsureAsync(response, cancellationToken);
    }

    /// <summary>The user's active sessions, most recently active first.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, Path(userId), null, cancellationToken);
        return (await SessionsClient.ReadAsync<ListAnswer>(response, cancellationToken)).Sessions;
    }

    /// <summary>Revokes one session of the user (404 <c>session_not_found</c> when it has no such active session).</summary>
    public async Task RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, Path(userId, sessionId), null, cancellationToken);
        await SessionsClient.EnsureAsync(response, cancellationToken);
    }

    /// <summary>Revokes every session of the user; returns how many there were.</summary>
    public async Task<int> RevokeAllSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, Path(userId), null, cancellationToken);
        return (await SessionsClient.ReadAsync<RevokedAnswer>(response, cancellationToken)).SessionsRevoked;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body, options: SessionsClient.Json),
        };
        request.Headers.Add(KeyHeader, apiKey);
        request.Options.Set(RefreshingHandler.Anonymous, true);
        return await http.SendAsync(request, cancellationToken);
    }

    private static string Path(string userId, string? sessionId = null) =>
        $"/service/users/{Uri.EscapeDataString(userId)}/sessions" + (sessionId is null ? "" : $"/{Uri.EscapeDataString(sessionId)}");

    private sealed record OpenAnswer(string AccessToken, string RefreshToken, string SessionId, long ExpiresIn, long RefreshExpiresIn, OpenAnswerUser User);

    private sealed record OpenAnswerUser(string UserId);

    private sealed record ListAnswer(IReadOnlyList<SessionInfo> Sessions);

    private sealed record RevokedAnswer(int SessionsRevoked);
}
