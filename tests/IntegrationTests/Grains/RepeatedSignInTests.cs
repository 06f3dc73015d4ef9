using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A session opening sent again with the id and secret its caller chose (as the Api does after a lost answer), over
/// real Redis grain storage: the session is opened once and the limit evicts once, however the first attempt ended.
/// Sent through the service opening, the user grain's call that the Api retries itself (a password sign-in passes
/// its opening to the same <see cref="Domain.SessionBook.Open"/>).
/// </summary>
public sealed class RepeatedSignInTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const int Limit = 5; // the fixture's Sessions:MaxPerUser

    private static string OpenForService => nameof(IUserSessionsGrain.OpenForService);

    private IUserSessionsGrain User(string externalId) => fixture.Grains.GetGrain<IUserSessionsGrain>(ExternalUsers.GrainKey(externalId));

    private Task<LoginOutcome> OpenAsync(string externalId, SessionOpening opening) =>
        User(externalId).OpenForService(new ServiceSignIn(externalId, Context(opening), null));

    [Fact]
    public async Task A_sign_in_whose_answer_was_lost_opens_one_session_and_evicts_once_when_sent_again()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var earlier = new List<string>();
        for (var i = 0; i < Limit; i++)
        {
            var filled = await OpenAsync(externalId, SessionOpening.New());
            earlier.Add(filled.Tokens!.SessionId);
        }

        var opening = SessionOpening.New();
        fixture.Faults.LoseNextAnswerOf(OpenForService);
        await Assert.ThrowsAsync<TimeoutException>(() => OpenAsync(externalId, opening));
        Assert.False(fixture.Faults.IsArmed);
        var repeated = await OpenAsync(externalId, opening);
        var again = await OpenAsync(externalId, opening);

        Assert.Equal((opening.SessionId, opening.RefreshSecret), (repeated.Tokens!.SessionId, repeated.Tokens.RefreshSecret));
        Assert.Equal(repeated.Tokens.SessionId, again.Tokens!.SessionId);
        var grain = User(externalId);
        var listed = (await grain.List()).Select(s => s.SessionId).ToHashSet();
        Assert.Equal(Limit, listed.Count);
        Assert.Contains(opening.SessionId, listed);
        Assert.Equal(Limit - 1, earlier.Count(listed.Contains)); // one earlier session evicted, once

        // The session it opened is stored as any other: it refreshes with the secret the caller chose, after a reactivation.
        await fixture.Cluster.DeactivateAsync(grain);
        var rotated = await grain.Refresh(new RefreshAttempt(opening.SessionId, repeated.Tokens.Generation, opening.RefreshSecret));
        Assert.Equal(RefreshStatus.Rotated, rotated.Status);
    }

    [Fact]
    public async Task A_sign_in_refused_before_it_ran_opens_its_session_when_sent_again()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var opening = SessionOpening.New();
        fixture.Faults.FailNextCallOf(OpenForService);
        await Assert.ThrowsAsync<TimeoutException>(() => OpenAsync(externalId, opening));

        var repeated = await OpenAsync(externalId, opening);

        Assert.Equal(opening.SessionId, repeated.Tokens!.SessionId);
        Assert.Single(await User(externalId).List());
    }

    [Fact]
    public async Task A_sign_in_sent_again_after_its_session_was_revoked_does_not_open_it_again()
    {
        var externalId = $"idp|{Guid.NewGuid():N}";
        var opening = SessionOpening.New();
        fixture.Faults.LoseNextAnswerOf(OpenForService);
        await Assert.ThrowsAsync<TimeoutException>(() => OpenAsync(externalId, opening));
        var grain = User(externalId);
        Assert.Equal(1, await grain.RevokeAll(null, RevocationReason.Service)); // "sign out everywhere" lands before the retry

        var repeated = await OpenAsync(externalId, opening);

        Assert.True(repeated.SessionEnded);
        Assert.Null(repeated.Tokens);
        Assert.Empty(await grain.List());
        Assert.Equal(SessionStatus.Revoked, await grain.Validate(opening.SessionId));
    }

    private static SessionContext Context(SessionOpening opening) => new(false, "198.51.100.7", "backend", null, Opening: opening);
}
