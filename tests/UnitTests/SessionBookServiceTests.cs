using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Sessions;

namespace OrleansSessions.UnitTests;

/// <summary>The book's part in service sessions: clients and custom claims kept per session, described and replaced.</summary>
public sealed class SessionBookServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static NewSessionRequest External(string client = SessionClients.Default, string? claims = """{"tenant":"acme"}""") =>
        new(false, "10.0.0.1", "agent", null, UserIdentity.External("ext-42"), PasswordVersion: null, client, claims);

    private static SessionPolicy Policy() => new() { Clients = { ["mobile"] = new ClientPolicy { MaxPerUser = 1 } } };

    [Fact]
    public void A_service_session_issues_its_client_claims_and_external_identity_and_lists_as_opened_by_the_service()
    {
        var book = new SessionBook(Policy(), new UserSessionsState());

        var tokens = book.Open(External("mobile"), T0).Tokens!;

        Assert.Equal(("mobile", """{"tenant":"acme"}""", "ext-42", T0), (tokens.Client, tokens.ClaimsJson, tokens.Identity.ExternalUserId, tokens.AuthTime));
        var listed = Assert.Single(book.List(T0));
        Assert.Equal(("mobile", true), (listed.Client, listed.OpenedByService));
    }

    [Fact]
    public void An_unknown_client_in_a_request_falls_back_to_the_default()
    {
        var book = new SessionBook(Policy(), new UserSessionsState());

        Assert.Equal(SessionClients.Default, book.Open(External("tv"), T0).Tokens!.Client);
    }

    [Fact]
    public void Describe_reports_the_claims_as_they_are_now_and_nothing_for_an_ended_session()
    {
        var book = new SessionBook(Policy(), new UserSessionsState());
        var sessionId = book.Open(External(), T0).Tokens!.SessionId;

        Assert.True(book.UpdateClaims(sessionId, """{"tenant":"globex"}""", T0));
        var description = book.Describe(sessionId, T0);
        Assert.Equal((SessionStatus.Active, "default", """{"tenant":"globex"}""", (DateTimeOffset?)T0),
            (description.Status, description.Client, description.ClaimsJson, description.AuthTime));
        Assert.True(book.HasUnsavedChanges);

        Assert.True(book.Revoke(sessionId, T0));
        Assert.Equal(SessionDescription.Inactive(SessionStatus.Revoked), book.Describe(sessionId, T0));
        Assert.False(book.UpdateClaims(sessionId, null, T0));
    }

    [Fact]
    public void Claims_travel_into_every_rotation()
    {
        var book = new SessionBook(Policy(), new UserSessionsState());
        var opened = book.Open(External(), T0).Tokens!;
        book.UpdateClaims(opened.SessionId, null, T0);

        var rotated = book.Refresh(new RefreshAttempt(opened.SessionId, opened.Generation, opened.RefreshSecret), T0.AddMinutes(1)).Tokens!;

        Assert.Null(rotated.ClaimsJson);
        Assert.Equal("ext-42", rotated.Identity.ExternalUserId);
    }
}
