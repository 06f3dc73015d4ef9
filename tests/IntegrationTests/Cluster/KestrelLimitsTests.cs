using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansSessions.Testing.Processes;

namespace OrleansSessions.IntegrationTests.Cluster;

/// <summary>What the real server refuses on its own, before an endpoint runs (the in-memory test server has no such limits).</summary>
[Collection(ClusterCollection.Name)]
public sealed class KestrelLimitsTests
{
    private const string ServiceKey = "kestrel-limits-key-0123456789abcdef";

    [Fact]
    public async Task A_body_that_stops_short_of_its_length_is_a_408_problem_with_its_code_and_opens_no_session()
    {
        await using var api = ServiceProcess.Start("Api", "api-stalled-body", new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["Auth__ServiceKeys"] = ServiceKey,
        });
        await api.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(120));

        // 100 bytes announced, 28 sent, then nothing: Kestrel's minimum body data rate (240 bytes/s after a 5 s grace)
        // ends the request. The test waits for the answer itself, not for a time.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, api.HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /service/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + $"X-Api-Key: {ServiceKey}\r\nContent-Length: 100\r\n\r\n" + """{"user_id": "stalled-user" """));
        var answer = await ReadAnswerAsync(stream).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408 ", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        var problem = JsonNode.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)])!;
        Assert.Equal("request_timeout", problem["code"]!.GetValue<string>()); // it was internal_error: the table had no 408
        Assert.Equal(408, problem["status"]!.GetValue<int>());

        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", ServiceKey);
        var sessions = JsonNode.Parse(await http.GetStringAsync("/service/users/stalled-user/sessions"))!;
        Assert.Equal(0, sessions["count"]!.GetValue<int>());
    }

    /// <summary>The status line, headers and chunked body of one answer: read until the last chunk or the connection's end.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (answer.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return answer.ToString();
    }
}
