using System.Net;
using System.Text;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// <c>Authorization</c> headers an operator endpoint must turn away with a 401 (or not serve at all), never a 5xx: other
/// schemes, broken Basic encodings, near misses of the operator credentials every test host that has them uses.
/// </summary>
public static class BadAuthorizationHeaders
{
    private const string OperatorName = OperatorApiFactory.OperatorName;
    private const string OperatorPassword = OperatorApiFactory.OperatorPassword;

    public static readonly IReadOnlyList<string> All =
    [
        "Basic",
        "Basic !!!",
        "Basic =",
        "Basic a b c",
        "Basic " + Encode("no-colon"),
        "Basic " + Encode(":"),
        "Basic " + Encode($"{OperatorName}:"),
        "Basic " + Encode($"{OperatorName}:wrong"),
        "Basic " + Encode($"{OperatorName}:{OperatorPassword}x"),
        "Basic " + Encode($"OPERATOR:{OperatorPassword}"),
        "Basic " + Encode($":{OperatorPassword}"),
        "Basic " + Convert.ToBase64String([0xff, 0xfe, (byte)':', 0xc3]), // not UTF-8
        "Basic " + Encode($"{OperatorName}:{OperatorPassword}")[..^2], // truncated
        "Basic " + new string('A', 8000),
        "Basic,Basic",
        $"{OperatorName}:{OperatorPassword}",
        "Bearer",
        "Bearer not-a-token",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "Digest username=\"operator\", realm=\"x\"",
        "Negotiate YIIB",
    ];

    public static TheoryData<string> Data => [.. All];

    public static string Encode(string credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    public static HttpRequestMessage Get(string path, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization), authorization);
        }

        return request;
    }

    /// <summary>Sends every bad header to each path and expects <paramref name="expected"/> (never a 5xx).</summary>
    public static async Task AssertAllAnsweredAsync(HttpClient http, HttpStatusCode expected, params string[] paths)
    {
        var wrong = new List<string>();
        foreach (var path in paths)
        {
            foreach (var header in All.Prepend(null))
            {
                using var request = Get(path, header);
                using var response = await http.SendAsync(request);
                if (response.StatusCode != expected)
                {
                    wrong.Add($"{path} with Authorization '{header?[..Math.Min(header.Length, 60)]}': {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }
}
