using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A write of a user's sessions that fails without a conflict may or may not have reached Redis. The grain then reads
/// what Redis holds: a change it finds there is done (answered so, and kept); a change it does not find failed (the
/// caller gets the failure, and memory goes back to what is stored), even one that keeps every session as it was.
/// </summary>
public sealed class StoredAnywayTests(StoredAnywayTests.Fixture fixture) : IClassFixture<StoredAnywayTests.Fixture>
{
    /// <summary>The grain cluster with <see cref="StorageWriteFaults"/> on the sessions storage.</summary>
    public sealed class Fixture : GrainClusterFixture
    {
        public StorageWriteFaults Writes { get; } = new();

        protected override void ConfigureSilo(ISiloBuilder silo) =>
            silo.Services.AddGrainStorage(GrainStorage.Sessions, (provider, name) => Writes.Wrap(RedisGrainStorageFactory.Create(provider, name)));
    }

    private static NewSessionRequest Request() =>
        new(false, "127.0.0.1", "tests", null, new UserIdentity("user@example.com", []));

    [Fact]
    public async Task A_session_opened_whose_write_answer_was_lost_is_answered_and_kept()
    {
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
        fixture.Writes.LoseNextWriteAnswer();

        var opened = await grain.Open(Request());

        Assert.False(fixture.Writes.IsArmed);
        Assert.NotNull(opened.Tokens);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(SessionStatus.Active, await grain.Validate(opened.Tokens!.SessionId));
    }

    [Fact]
    public async Task A_claims_change_that_never_reached_the_store_fails_and_is_not_kept()
    {
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
        var sessionId = (await grain.Open(Request())).Tokens!.SessionId;
        Assert.True(await grain.UpdateClaims(sessionId, """{"plan":"free"}"""));
        fixture.Writes.FailNextWriteBeforeStoring();

        await Assert.ThrowsAnyAsync<Exception>(() => grain.UpdateClaims(sessionId, """{"plan":"pro"}"""));

        Assert.False(fixture.Writes.IsArmed);
        Assert.Equal("""{"plan":"free"}""", (await grain.Describe(sessionId)).ClaimsJson);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal("""{"plan":"free"}""", (await grain.Describe(sessionId)).ClaimsJson);
    }

    [Fact]
    public async Task A_claims_change_whose_write_answer_was_lost_is_done()
    {
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(Guid.NewGuid().ToString("N"));
        var sessionId = (await grain.Open(Request())).Tokens!.SessionId;
        fixture.Writes.LoseNextWriteAnswer();

        Assert.True(await grain.UpdateClaims(sessionId, """{"plan":"pro"}"""));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal("""{"plan":"pro"}""", (await grain.Describe(sessionId)).ClaimsJson);
    }

    [Fact]
    public async Task A_write_that_fails_while_redis_went_back_does_not_take_the_older_record_for_another_copys()
    {
        // A failover in the middle of a write: the write times out, and the read that checks whether it landed finds
        // the promoted replica's older record (without a revoke Redis lost), whose ETag memory then holds.
        var userId = Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var revoked = (await grain.Open(Request())).Tokens!.SessionId;
        var kept = (await grain.Open(Request())).Tokens!.SessionId;
        var beforeRevoke = await OtherCopy.StoredStateAsync(silo, userId);
        Assert.True(await grain.Revoke(revoked));
        await OtherCopy.PutBackAsync(silo, userId, beforeRevoke);
        fixture.Writes.FailNextWriteBeforeStoring();

        await Assert.ThrowsAnyAsync<Exception>(() => grain.UpdateClaims(kept, """{"plan":"pro"}"""));

        Assert.NotEqual(SessionStatus.Active, await grain.Validate(revoked));
        Assert.Equal([kept], await OtherCopy.StoredSessionIdsAsync(silo, userId));
    }
}
