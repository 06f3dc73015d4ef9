using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSessions.Client;

/// <summary>
/// Typed calls to the OrleansSessions HTTP contract. Give it an <see cref="HttpClient"/> whose pipeline contains a
/// <see cref="RefreshingHandler"/> over the same <see cref="TokenStore"/> for the authenticated calls.
/// </summary>
public sealed class SessionsClient(HttpClient http, TokenStore tokens, TimeProvider? time = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<SessionTokens> LoginAsync(string email, string password, bool rememberMe = false, CancellationToken cancellationToken = default)
    {
        var response = await http.PostAsJsonAsync("/auth/login", new { email, password, remember_me = rememberMe }, Json, cancellationToken);
        return Store(await ReadAsync<TokenAnswer>(response, cancellationToken));
    }

    /// <summary>
    /// Rotates the refresh token; the store then holds the new pair. Waits for a refresh already under way for the
    /// store (a handler's) and answers its pair instead of presenting the same refresh token again.
    /// </summary>
    public async Task<SessionTokens> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var current = tokens.Current ?? throw new InvalidOperationException("Not signed in.");
        var refreshUri = new Uri("/auth/refresh", UriKind.Relative);
        return await tokens.RefreshInTurnAsync(current, used => TokenRefresh.RotateAsync(http.SendAsync, refreshUri, tokens, used, _time), cancellationToken)
            ?? throw new InvalidOperationException("Not signed in: the session ended while this refresh waited for another.");
    }

    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<SessionList>(await http.GetAsync("/auth/sessions", cancellationToken), cancellationToken)).Sessions;

    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default) =>
        await EnsureAsync(await http.DeleteAsync($"/auth/sessions/{Uri.EscapeDataString(sessionId)}", cancellationToken), cancellationToken);

    /// <summary>Ends the session; a session that had already ended (revoked, expired) counts as signed out too.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await EnsureAsync(await http.PostAsync("/auth/logout", null, cancellationToken), cancellationToken);
        }
        catch (SessionsApiException ended) when (ended.Code is "session_revoked" or "session_expired" || tokens.Current is null)
        {
            // Nothing left to end at the Api (or the refresh the expired token needed was refused: the session is over).
        }

        tokens.Set(null);
    }

    /// <summary>RFC 7662 introspection, for resource servers holding an API key.</summary>
    public async Task<IntrospectionResult> IntrospectAsync(string accessToken, string apiKey, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token = accessToken }, options: Json) };
        request.Headers.Add("X-Api-Key", apiKey);
        request.Options.Set(RefreshingHandler.Anonymous, true);
        return await ReadAsync<IntrospectionResult>(await http.SendAsync(request, cancellationToken), cancellationToken);
    }

    internal static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    internal static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document: report the status alone.
        }

        throw new SessionsApiException((int)response.StatusCode, problem?.Code, problem?.Detail);
    }

    private SessionTokens Store(TokenAnswer answer)
    {
        var stored = answer.ToTokens(_time);
        tokens.Set(stored);
        return stored;
    }

    /// <summary>The login/refresh answer, read by this client and by <see cref="RefreshingHandler"/>.</summary>
    internal sealed record TokenAnswer(string AccessToken, string RefreshToken, string SessionId, long ExpiresIn)
    {
        public SessionTokens ToTokens(TimeProvider time) => new(AccessToken, RefreshToken, SessionId, time.GetUtcNow().AddSeconds(ExpiresIn));
    }

    private sealed record SessionList(IReadOnlyList<SessionInfo> Sessions);

    internal sealed record Problem(string? Code, string? Detail);
}

public sealed record SessionInfo(
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    DateTimeOffset ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    bool RememberMe,
    bool IsCurrent,
    string? Client = null,
    string? SignInMethod = null,
    DateTimeOffset? AuthenticatedAt = null);

public sealed record IntrospectionResult(
    bool Active,
    string? Sub,
    string? Sid,
    long? Exp,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("auth_time")] long? AuthTime = null,
    string? Client = null,
    JsonElement? Claims = null,
    IReadOnlyList<string>? Amr = null);
