using OrleansSessions.Abstractions.Accounts;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.IntegrationTests.Grains;

/// <summary>
/// A password change and the revocation of the old password's sessions are one step, over real Redis storage: a
/// sign-in that proved the old password opens nothing once the change is done, and a revocation that could not be
/// finished is finished before the next sign-in.
/// </summary>
public sealed class PasswordChangeGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const string OldPassword = "correct horse battery";
    private const string NewPassword = "a brand new passphrase";
    private static readonly SessionContext Context = new(false, "203.0.113.9", "tests", null);

    private ISignInGrain SignIn => fixture.Grains.GetGrain<ISignInGrain>(0);

    private async Task<(string Email, string UserId, IssuedTokens Current, IssuedTokens Other)> SignedInTwiceAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var userId = (await SignIn.Register(new Registration(email, OldPassword, null, Context.ClientAddress))).UserId!;
        var current = (await SignIn.SignInWithPassword(new PasswordSignIn(email, OldPassword, Context))).Tokens!;
        var other = (await SignIn.SignInWithPassword(new PasswordSignIn(email, OldPassword, Context))).Tokens!;
        return (email, userId, current, other);
    }

    private Task<PasswordChangeResult> ChangeAsync(string email, string userId, IssuedTokens current) =>
        SignIn.ChangePassword(new PasswordChange(email, userId, current.SessionId, OldPassword, NewPassword, Context.ClientAddress));

    [Fact]
    public async Task A_sign_in_that_proved_the_old_password_before_the_change_opens_nothing_after_it()
    {
        var (email, userId, current, other) = await SignedInTwiceAsync();
        var user = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        var provenBeforeTheChange = (await fixture.Grains.GetGrain<IAccountGrain>(email).GetCredentials())!;

        Assert.Equal(SignInStatus.Succeeded, (await ChangeAsync(email, userId, current)).Status);
        var late = await user.Open(Context.For(new UserIdentity(email, []), provenBeforeTheChange.PasswordVersion));

        Assert.True(late.PasswordOutdated);
        Assert.Null(late.Tokens);
        Assert.Equal([current.SessionId], (await user.List()).Select(s => s.SessionId));
        Assert.Equal(SessionStatus.Revoked, await user.Validate(other.SessionId));
        Assert.Equal(SignInStatus.InvalidCredentials, (await SignIn.SignInWithPassword(new PasswordSignIn(email, OldPassword, Context))).Status);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInWithPassword(new PasswordSignIn(email, NewPassword, Context))).Status);

        await fixture.Cluster.DeactivateAsync(user); // the version is stored with the sessions
        Assert.True((await user.Open(Context.For(new UserIdentity(email, []), provenBeforeTheChange.PasswordVersion))).PasswordOutdated);
    }

    [Fact]
    public async Task A_revocation_the_change_could_not_finish_is_finished_before_the_next_sign_in()
    {
        var (email, userId, current, other) = await SignedInTwiceAsync();
        var user = fixture.Grains.GetGrain<IUserSessionsGrain>(userId);
        fixture.Faults.FailNextCallOf(nameof(IUserSessionsGrain.RevokeBeforePasswordVersion));

        await Assert.ThrowsAnyAsync<Exception>(() => ChangeAsync(email, userId, current));
        Assert.Equal(SessionStatus.Active, await user.Validate(other.SessionId)); // the change is stored, its revocation owed

        var withNewPassword = await SignIn.SignInWithPassword(new PasswordSignIn(email, NewPassword, Context));

        Assert.Equal(SignInStatus.Succeeded, withNewPassword.Status);
        Assert.Equal(SessionStatus.Revoked, await user.Validate(other.SessionId));
        Assert.Equal(SessionStatus.Active, await user.Validate(current.SessionId));
        Assert.Equal(SessionStatus.Active, await user.Validate(withNewPassword.Tokens!.SessionId));
        Assert.Equal(SignInStatus.InvalidCredentials, (await SignIn.SignInWithPassword(new PasswordSignIn(email, OldPassword, Context))).Status);

        await fixture.Grains.GetGrain<IAccountGrain>(email).GetCredentials(); // owes nothing more: a repeat revokes nothing
        Assert.Equal(SessionStatus.Active, await user.Validate(withNewPassword.Tokens.SessionId));
    }
}
