using System.Net;
using System.Net.Http.Headers;

namespace OrleansSessions.Client;

/// <summary>
/// Adds the bearer token to every request; when the Api answers 401 <c>token_expired</c>, refreshes once (one
/// refresh at a time for the store, shared by every request, handler and client that needs it) and sends the request
/// again, once. When the refresh fails, the request's own 401 is answered.
/// </summary>
public sealed class RefreshingHandler(TokenStore tokens, TimeProvider? time = null) : DelegatingHandler
{
    /// <summary>Set on a request to send it without the bearer token (login, refresh, introspection).</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("OrleansSessions.Anonymous");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsAnonymous(request) || tokens.Current is not { } used)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used.AccessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !await IsExpiredAsync(response, cancellationToken)
            || await RefreshedAsync(used, new Uri(request.RequestUri!, "/auth/refresh"), cancellationToken) is not { } fresh)
        {
            return response;
        }

        response.Dispose();
        using var retry = await CloneAsync(request, cancellationToken);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh.AccessToken);
        return await base.SendAsync(retry, cancellationToken);
    }

    /// <summary>The tokens to send the request again with: refreshed now or by another caller meanwhile; null when none.</summary>
    private async Task<SessionTokens?> RefreshedAsync(SessionTokens used, Uri refreshUri, CancellationToken cancellationToken)
    {
        try
        {
            return await tokens.RefreshInTurnAsync(
                used,
                current => TokenRefresh.RotateAsync((r, c) => base.SendAsync(r, c), refreshUri, tokens, current, time ?? TimeProvider.System),
                cancellationToken);
        }
        catch (Exception ex) when (ex is SessionsApiException or HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null; // refused (signed out) or not answered (the tokens are kept for a later try)
        }
    }

    private static bool IsAnonymous(HttpRequestMessage request) =>
        request.Options.TryGetValue(Anonymous, out var anonymous) && anonymous
        || request.RequestUri?.AbsolutePath is "/auth/login" or "/auth/refresh" or "/auth/register";

    /// <summary>
    /// Reads the problem's code from the buffered body (a copy of its bytes, not its stream, which reading would use up
    /// and dispose), so the caller can still read the answer.
    /// </summary>
    private static async Task<bool> IsExpiredAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return System.Text.Json.JsonSerializer.Deserialize<SessionsClient.Problem>(body, SessionsClient.Json)?.Code == "token_expired";
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return clone;
    }
}
