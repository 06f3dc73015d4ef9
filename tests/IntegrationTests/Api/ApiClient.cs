using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Drives the HTTP contract the way a client app does, with raw JSON so field names are checked as sent.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body), token);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "application/json"), token);

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, null, token);

    public Task<HttpResponseMessage> PostAsync(string path, string? token = null) => SendAsync(HttpMethod.Post, path, null, token);

    public async Task<string> RegisterAsync(string email, string password = "correct horse battery")
    {
        var response = await PostJsonAsync("/auth/register", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response))["user_id"]!.GetValue<string>();
    }

    public async Task<JsonObject> LoginAsync(string email, string password = "correct horse battery", bool rememberMe = false)
    {
        var response = await PostJsonAsync("/auth/login", new { email, password, remember_me = rememberMe });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public async Task<(JsonObject Login, string Token)> SignUpAndLoginAsync()
    {
        var email = NewEmail();
        await RegisterAsync(email);
        var login = await LoginAsync(email);
        return (login, login["access_token"]!.GetValue<string>());
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts an RFC 9457 problem with the contract's status and code.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>A body sent with exactly <paramref name="contentType"/> (however malformed), encoded in <paramref name="encoding"/> (UTF-8).</summary>
    public static StringContent RawContent(string text, string contentType, Encoding? encoding = null)
    {
        var content = new StringContent(text, encoding ?? Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static JsonElement DecodeJwtPart(string jwt, int part)
    {
        var segment = jwt.Split('.')[part];
        return JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(segment)).RootElement;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
