using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.UnitTests;

/// <summary>Refresh tokens carry a MAC under the server secret; only tokens with this service's MAC are read back.</summary>
public sealed class RefreshTokensTests
{
    private static readonly ServerSecret Secret = ServerSecret.Generate();

    private static IssuedTokens Issued(int generation = 3) =>
        new("AAAAAAAAAAAAAAAAAAAAAA", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1),
            generation, new UserIdentity("a@example.com", []), false, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Reads_back_what_it_issued()
    {
        var tokens = new RefreshTokens(Secret);
        var issued = Issued();

        var token = tokens.Issue("user-1", issued);

        Assert.True(tokens.TryRead(token, out var parts));
        Assert.Equal("user-1", parts.UserId);
        Assert.Equal(new RefreshAttempt(issued.SessionId, issued.Generation, issued.RefreshSecret), parts.Attempt);
        Assert.Equal(token, tokens.Issue("user-1", issued)); // deterministic: a grace-window duplicate gets the same token
    }

    [Fact]
    public void Refuses_a_token_with_any_part_changed()
    {
        var tokens = new RefreshTokens(Secret);
        var parts = tokens.Issue("user-1", Issued()).Split('.');

        for (var i = 0; i < parts.Length; i++)
        {
            var changed = (string[])parts.Clone();
            changed[i] = i == 2 ? "2" : Flip(changed[i]);
            Assert.False(tokens.TryRead(string.Join('.', changed), out _), $"part {i} changed");
        }

        Assert.False(tokens.TryRead(string.Join('.', parts[..4]) + "." + parts[4][..^1], out _)); // a shortened MAC
    }

    [Fact]
    public void Refuses_a_token_made_with_another_secret_or_with_the_same_secret_for_another_use()
    {
        var token = new RefreshTokens(ServerSecret.Generate()).Issue("user-1", Issued());
        Assert.False(new RefreshTokens(Secret).TryRead(token, out _));

        var payload = RefreshTokenFormat.Payload("user-1", Issued().SessionId, 3, Issued().RefreshSecret);
        var csrfKeyed = Base64Url.EncodeToString(HMACSHA256.HashData(Secret.DeriveKey(ServerSecret.CsrfPurpose), Encoding.UTF8.GetBytes(payload)));
        Assert.False(new RefreshTokens(Secret).TryRead(RefreshTokenFormat.Compose(payload, csrfKeyed), out _));
    }

    private static string Flip(string part) => (part[0] == 'A' ? 'B' : 'A') + part[1..];
}
