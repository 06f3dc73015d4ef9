using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansSessions.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// Refresh tokens the service did not issue cost it nothing: the Api checks their MAC before any grain call, so
/// forged tokens (for real users or made-up ones) load no state and activate no grain.
/// </summary>
[Collection(MeasuredCollection.Name)]
public sealed class ForgedRefreshTokenTests(RecordingApiFactory factory, ITestOutputHelper output) : IClassFixture<RecordingApiFactory>
{
    public const int Forgeries = 20_000;
    public const int InFlight = 16;
    public const long MaxGrowthBytes = 40L * 1024 * 1024;

    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task Twenty_thousand_forged_refresh_tokens_are_refused_without_activating_a_grain()
    {
        // Real sessions to forge against, and proof that the activation count below sees user grains at all.
        var victims = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            victims.Add((await _api.SignUpAndLoginAsync()).Login["refresh_token"]!.GetValue<string>());
        }

        var activationsBefore = await UserGrainActivationsAsync();
        Assert.True(activationsBefore >= victims.Count, $"{activationsBefore} user grains counted after {victims.Count} logins");
        var forgeries = Enumerable.Range(0, Forgeries).Select(i => RefreshTokenForgery.Forge(i, victims[i % victims.Count])).ToArray();
        var heapBefore = LiveBytes();

        var clock = Stopwatch.StartNew();
        factory.Recorder.Start();
        var answers = await RefreshTokenForgery.PresentAsync([_api.Http], forgeries, InFlight);
        factory.Recorder.Stop();
        clock.Stop();

        var heapAfter = LiveBytes();
        var activationsAfter = await UserGrainActivationsAsync();
        var growth = heapAfter - heapBefore;
        Figures.Report(output,
            $"{Forgeries:N0} forged refresh tokens against the embedded Api ({Forgeries / clock.Elapsed.TotalSeconds:N0}/s): "
            + $"{RefreshTokenForgery.Describe(answers)}; grain calls {factory.Recorder.Calls.Count}, user grains activated "
            + $"{activationsAfter - activationsBefore}, managed heap {growth / 1048576.0:+0.0;-0.0} MB ({heapBefore / 1048576.0:0.0} -> {heapAfter / 1048576.0:0.0} MB)");
        Assert.Equal(["401 invalid_token"], answers.Keys);
        Assert.Equal(Forgeries, answers["401 invalid_token"]);
        Assert.Empty(factory.Recorder.Calls);
        Assert.Equal(activationsBefore, activationsAfter);
        Assert.True(growth < MaxGrowthBytes, $"the managed heap grew {growth:N0} bytes");

        // The real tokens still work: nothing the forgeries did touched their sessions.
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync("/auth/refresh", new { refresh_token = victims[0] })).StatusCode);
    }

    private async Task<int> UserGrainActivationsAsync()
    {
        var statistics = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("UserSessionsGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
