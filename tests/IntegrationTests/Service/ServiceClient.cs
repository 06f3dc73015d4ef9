using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>Calls the service API as a backend does: raw JSON, the key in <c>X-Api-Key</c>.</summary>
public sealed class ServiceClient(HttpClient http, string? key = ServiceApiFactory.Key)
{
    public static string NewUserId() => $"ext|{Guid.NewGuid():N}@idp.example.com";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        SendRawAsync(method, path, body is null ? null : JsonContent.Create(body));

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        SendRawAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Opens a session and asserts 201; the login body shape.</summary>
    public async Task<JsonObject> OpenAsync(string userId, object? claims = null, string? client = null)
    {
        var response = await SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId, claims, client });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    public async Task<JsonObject> ListAsync(string userId)
    {
        var response = await SendAsync(HttpMethod.Get, $"/service/users/{Uri.EscapeDataString(userId)}/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiClient.JsonAsync(response);
    }

    public static string Path(string userId, string? sessionId = null) =>
        $"/service/users/{Uri.EscapeDataString(userId)}/sessions" + (sessionId is null ? "" : $"/{sessionId}");
}
