using OrleansSessions.Abstractions.Sessions;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Grains.Domain;

namespace OrleansSessions.UnitTests;

/// <summary>External user ids and their own key space, apart from password users' ids.</summary>
public sealed class ExternalUsersTests
{
    [Theory]
    [InlineData("ext-42")]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82")]
    [InlineData("user@example.com")]
    [InlineData("urn:idp:1.2_3")]
    [InlineData("a")]
    public void Valid_ids_are_accepted(string id) => Assert.True(ExternalUsers.IsValidId(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("slash/id")]
    [InlineData("plus+id")]
    [InlineData("ümlaut")]
    [InlineData("new\nline")]
    public void Invalid_ids_are_refused(string? id) => Assert.False(ExternalUsers.IsValidId(id));

    [Fact]
    public void Ids_of_up_to_128_characters_are_accepted_and_their_keys_route_refresh_tokens()
    {
        var longest = new string('|', 128);

        Assert.True(ExternalUsers.IsValidId(longest));
        Assert.False(ExternalUsers.IsValidId(longest + "a"));
        Assert.True(RefreshTokenFormat.IsUrlSafe(ExternalUsers.GrainKey(longest)));
    }

    [Fact]
    public void An_external_id_equal_to_a_password_users_id_gets_another_key()
    {
        var passwordUserId = SecureTokens.NewUserId();

        var key = ExternalUsers.GrainKey(passwordUserId);

        Assert.NotEqual(passwordUserId, key);
        Assert.True(ExternalUsers.IsExternalKey(key));
        Assert.False(ExternalUsers.IsExternalKey(passwordUserId));
        Assert.NotEqual(ExternalUsers.GrainKey("a.b"), ExternalUsers.GrainKey("a_b"));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef", false)] // registration draws lower case only
    [InlineData("0123456789abcdef0123456789abcde", false)]
    [InlineData("0123456789abcdef0123456789abcdef0", false)]
    [InlineData("0123456789abcdef0123456789abcdeg", false)]
    [InlineData("ext-42", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_password_users_id_has_the_shape_registration_draws(string? id, bool wellFormed) =>
        Assert.Equal(wellFormed, PasswordUsers.IsWellFormedId(id));

    [Fact]
    public void Every_drawn_user_id_is_well_formed_and_no_external_key_is() =>
        Assert.All(Enumerable.Range(0, 100).Select(_ => SecureTokens.NewUserId()), id =>
        {
            Assert.True(PasswordUsers.IsWellFormedId(id));
            Assert.False(PasswordUsers.IsWellFormedId(ExternalUsers.GrainKey(id)));
        });

    [Fact]
    public void A_tokens_subject_maps_to_a_key_of_its_own_space_only()
    {
        var passwordUserId = SecureTokens.NewUserId();
        var externalKey = ExternalUsers.GrainKey("ext-42");

        Assert.Equal(passwordUserId, SessionClaims.GrainKeyOf(passwordUserId, external: false));
        Assert.Equal(ExternalUsers.GrainKey(passwordUserId), SessionClaims.GrainKeyOf(passwordUserId, external: true));
        Assert.Null(SessionClaims.GrainKeyOf(externalKey, external: false)); // a password token cannot name an external key
        Assert.Null(SessionClaims.GrainKeyOf("bad id", external: true));
    }

    [Theory]
    [InlineData("ext|42@idp.example.com")]
    [InlineData("0123456789abcdef0123456789abcdef")] // shaped like a password user's id
    public void An_external_key_gives_back_the_backends_id_and_a_password_users_id_stays_itself(string id)
    {
        Assert.Equal(id, ExternalUsers.UserIdOf(ExternalUsers.GrainKey(id)));
        Assert.Equal("0123456789abcdef0123456789abcdef", ExternalUsers.UserIdOf("0123456789abcdef0123456789abcdef"));
    }
}
