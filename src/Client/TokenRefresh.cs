using System.Net;
using System.Net.Http.Json;

namespace OrleansSessions.Client;

/// <summary>One refresh of the token pair (<c>POST /auth/refresh</c>), kept in the store whatever the caller does meanwhile.</summary>
internal static class TokenRefresh
{
    /// <summary>
    /// The refresh runs under this bound rather than the caller's cancellation: the Api may rotate the pair after the
    /// caller gave up, and the new pair must still be kept, or the next refresh would present a spent token.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The new pair, stored. A 401 (the refresh token spent or its session ended) signs the store out; any other
    /// failure (503, 429, the network) keeps the tokens for a later try. Failures throw: <see cref="SessionsApiException"/>
    /// for an answer, <see cref="HttpRequestException"/> or <see cref="OperationCanceledException"/> for none.
    /// </summary>
    public static async Task<SessionTokens> RotateAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, Uri refreshUri, TokenStore tokens, SessionTokens used, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, refreshUri)
        {
            Content = JsonContent.Create(new { refresh_token = used.RefreshToken }, options: SessionsClient.Json),
        };
        request.Options.Set(RefreshingHandler.Anonymous, true);
        using var response = await send(request, timeout.Token);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Set(null);
        }

        var fresh = (await SessionsClient.ReadAsync<SessionsClient.TokenAnswer>(response, timeout.Token)).ToTokens(time);
        tokens.Set(fresh);
        return fresh;
    }
}
