using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Valid-looking refresh tokens the service never issued, and a flood of them against an Api.</summary>
public static class RefreshTokenForgery
{
    private static readonly RefreshTokens WrongKey = new(ServerSecret.Generate());

    /// <summary>
    /// Forgery number <paramref name="i"/>, of five kinds in turn: a made-up user with a random MAC, a made-up user
    /// with a MAC under another key, a real user's session (from <paramref name="victim"/>, a real refresh token)
    /// with a made-up secret, the real token moved to a later generation, and the format before MACs.
    /// </summary>
    public static string Forge(int i, string victim)
    {
        var real = victim.Split('.');
        var userId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var sessionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var mac = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var generation = RandomNumberGenerator.GetInt32(1, 1000);
        return (i % 5) switch
        {
            0 => RefreshTokenFormat.Compose(RefreshTokenFormat.Payload(userId, sessionId, generation, secret), mac),
            1 => WrongKey.Issue(userId, new IssuedTokens(
                sessionId, secret, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, generation, new UserIdentity("x@example.com", []), false, DateTimeOffset.UnixEpoch)),
            2 => RefreshTokenFormat.Compose(RefreshTokenFormat.Payload(real[0], real[1], 1, secret), mac),
            3 => string.Join('.', real[0], real[1], int.Parse(real[2]) + generation, real[3], real[4]),
            _ => $"{userId}.{sessionId}.{secret}",
        };
    }

    /// <summary>
    /// Presents every token to <c>POST /auth/refresh</c>, <paramref name="inFlight"/> at a time, spread over the Api
    /// nodes; how many answers of each status and code came back (e.g. <c>401 invalid_token</c>).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> PresentAsync(IReadOnlyList<HttpClient> apis, IReadOnlyList<string> tokens, int inFlight)
    {
        var answers = new ConcurrentDictionary<string, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
        {
            var api = apis[worker % apis.Count];
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Count)
            {
                using var response = await api.PostAsJsonAsync("/auth/refresh", new { refresh_token = tokens[i] });
                var code = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"]?.GetValue<string>();
                answers.AddOrUpdate($"{(int)response.StatusCode} {code}", 1, (_, n) => n + 1);
            }
        }));
        return answers;
    }

    /// <summary>The answers as one phrase for a figure line: "20,000 x 401 invalid_token".</summary>
    public static string Describe(IReadOnlyDictionary<string, int> answers) =>
        string.Join(", ", answers.OrderByDescending(a => a.Value).Select(a => $"{a.Value:N0} x {a.Key}"));
}
