using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Gateway;

/// <summary>
/// Generated malformed requests to the gateway endpoints, with a valid introspection key so the bodies are read:
/// forms and JSON of every shape, odd media types and credentials, odd methods and paths under <c>/auth/check</c>.
/// None may get a 5xx, every error must be a problem document, and both still work after.
/// </summary>
public sealed class GatewayFuzzTests(GatewayApiFactory factory) : IClassFixture<GatewayApiFactory>
{
    private const int Requests = 1500;

    [Fact]
    public async Task Generated_malformed_requests_never_get_a_5xx_and_the_endpoints_still_work()
    {
        var api = new ApiClient(factory.CreateClient());
        var (_, token) = await api.SignUpAndLoginAsync();
        var random = new Random(20261130);
        var failures = new List<string>();
        var statuses = new HashSet<HttpStatusCode>();

        for (var i = 0; i < Requests; i++)
        {
            using var request = random.Next(3) == 0 ? Check(random, token) : Introspect(random, token);
            var description = $"{request.Method} {request.RequestUri} {request.Headers.Authorization} "
                + (request.Content is null ? "" : $"{request.Content.Headers.ContentType} {Truncate(Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync()))}");
            var response = await api.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {description}");
            }
            else if ((int)response.StatusCode >= 400 && request.Method != HttpMethod.Head
                     && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{(int)response.StatusCode} without a problem document for {description}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.Superset(
            new HashSet<HttpStatusCode> { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.RequestEntityTooLarge },
            statuses);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/check", token)).StatusCode);
        using var introspect = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"gw:{GatewayApiFactory.Key}"))) },
        };
        Assert.True((await ApiClient.JsonAsync(await api.Http.SendAsync(introspect)))["active"]!.GetValue<bool>());
    }

    private static HttpRequestMessage Introspect(Random random, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect");
        if (random.Next(8) != 0)
        {
            var (body, type) = random.Next(3) == 0 ? (JsonBody(random, token), "application/json") : (FormBody(random, token), "application/x-www-form-urlencoded");
            request.Content = ApiClient.RawContent(body, random.Next(8) == 0
                ? Pick(random, "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=garbage", "garbage", "")
                : type);
        }

        switch (random.Next(6))
        {
            case 0:
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Garbage(random, 10)}:{GatewayApiFactory.Key}")));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("X-Api-Key", GatewayApiFactory.Key);
                break;
            case 3:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(random, "Basic", "Basic =", "Basic " + Garbage(random, 30), "basic Z3c6", "Basic Z3c6Z2F0ZXdheS1rZXktMQ== x"));
                break;
            case 4:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"gw:%{Garbage(random, 20)}")));
                break;
        }

        return request;
    }

    private static HttpRequestMessage Check(Random random, string token)
    {
        var method = Pick(random, "GET", "GET", "HEAD", "POST", "DELETE", "PUT", "PATCH", "OPTIONS");
        var path = "/auth/check" + (random.Next(2) == 0 ? "" : "/" + Uri.EscapeDataString(Garbage(random, 30))) + (random.Next(4) == 0 ? "?" + Garbage(random, 20) : "");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        switch (random.Next(5))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token[..^random.Next(1, 10)]);
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Cookie", $"__Host-os_access={(random.Next(2) == 0 ? token : Garbage(random, 100))}");
                break;
            case 3:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(random, "Bearer", "Basic Zm9vOmJhcg==", "Bearer a.b.c", Garbage(random, 50)));
                break;
        }

        return request;
    }

    private static string FormBody(Random random, string token)
    {
        var pairs = Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(7) switch
        {
            0 => "token=" + Uri.EscapeDataString(token),
            1 => "token=" + Garbage(random, 60),
            2 => "token_type_hint=" + Pick(random, "access_token", "refresh_token", "", "%ZZ"),
            3 => Garbage(random, 40),
            4 => "token=" + new string('a', random.Next(60_000, 70_000)),
            5 => "token",
            _ => "=&&==%",
        });
        return string.Join('&', pairs);
    }

    private static string JsonBody(Random random, string token) => random.Next(7) switch
    {
        0 => $"{{\"token\":\"{token}\",\"token_type_hint\":{Pick(random, "1", "null", "[]", "\"access_token\"")}}}",
        1 => "{\"token\":" + Pick(random, "1", "null", "[]", "{}", "true") + "}",
        2 => "{",
        3 => "null",
        4 => "[\"token\"]",
        5 => Garbage(random, 100),
        _ => "{\"token\":\"" + Garbage(random, 200).Replace("\\", "").Replace("\"", "") + "\"}",
    };

    private static string Garbage(Random random, int maxLength)
    {
        const string alphabet = "abcXYZ019+/=%&;:,. -_\"'\\{}[]<>\u00e9\u4e2d\t";
        return new string(Enumerable.Range(0, random.Next(0, maxLength)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
