using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OrleansSessions.Client;

/// <summary>
/// Adds the bearer token to every request; when the Api answers 401 <c>token_expired</c>, refreshes once (one
/// refresh in flight at a time, shared by every request that needs it) and sends the request again, once.
/// </summary>
public sealed class RefreshingHandler(TokenStore tokens, TimeProvider? time = null) : DelegatingHandler
{
    /// <summary>Set on a request to send it without the bearer token (login, refresh, introspection).</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("OrleansSessions.Anonymous");

    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsAnonymous(request) || tokens.Current is not { } used)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used.AccessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !await IsExpiredAsync(response, cancellationToken))
        {
            return response;
        }

        if (!await RefreshOnceAsync(used, new Uri(request.RequestUri!, "/auth/refresh"), cancellationToken))
        {
            return response;
        }

        response.Dispose();
        using var retry = await CloneAsync(request, cancellationToken);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Current!.AccessToken);
        return await base.SendAsync(retry, cancellationToken);
    }

    /// <summary>Refreshes unless another request already replaced the tokens this one used; true when new tokens exist.</summary>
    private async Task<bool> RefreshOnceAsync(SessionTokens used, Uri refreshUri, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(tokens.Current, used))
            {
                return tokens.Current is not null;
            }

            using var refresh = new HttpRequestMessage(HttpMethod.Post, refreshUri)
            {
                Content = JsonContent.Create(new { refresh_token = used.RefreshToken }, options: SessionsClient.Json),
            };
            var response = await base.SendAsync(refresh, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                tokens.Set(null);
                return false;
            }

            var answer = (await response.Content.ReadFromJsonAsync<SessionsClient.TokenAnswer>(SessionsClient.Json, cancellationToken))!;
            tokens.Set(answer.ToTokens(time ?? TimeProvider.System));
            return true;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private static bool IsAnonymous(HttpRequestMessage request) =>
        request.Options.TryGetValue(Anonymous, out var anonymous) && anonymous
        || request.RequestUri?.AbsolutePath is "/auth/login" or "/auth/refresh" or "/auth/register";

    private static async Task<bool> IsExpiredAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<SessionsClient.Problem>(SessionsClient.Json, cancellationToken);
            return problem?.Code == "token_expired";
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
