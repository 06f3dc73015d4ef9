using OrleansSessions.Api.Accounts;

namespace OrleansSessions.UnitTests;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("user@example.com")]
    [InlineData("  User.Name+tag@Example.ORG ")]
    public void Accepts_ordinary_addresses(string email) => Assert.True(AccountRules.IsValidEmail(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("user@localhost")]
    [InlineData("a b@example.com")]
    [InlineData("user@exa\u0000mple.com")]
    public void Refuses_malformed_addresses(string? email) => Assert.False(AccountRules.IsValidEmail(email));

    [Fact]
    public void Normalises_by_trimming_and_lower_casing() =>
        Assert.Equal("user@example.com", AccountRules.NormalizeEmail("  USER@Example.com\t"));

    [Fact]
    public void Normalises_to_one_form_of_unicode_text() =>
        Assert.Equal(AccountRules.NormalizeEmail("Jos\u00c9@example.com"), AccountRules.NormalizeEmail("jose\u0301@example.com"));

    [Theory]
    [InlineData(null, false)]
    [InlineData("short", false)]
    [InlineData("12345678", true)]
    public void Password_policy_has_a_minimum_length(string? password, bool ok) =>
        Assert.Equal(ok, AccountRules.PasswordProblem(password) is null);

    [Fact]
    public void Password_policy_has_a_maximum_length()
    {
        Assert.Null(AccountRules.PasswordProblem(new string('p', 1024)));
        Assert.NotNull(AccountRules.PasswordProblem(new string('p', 1025)));
    }

    [Fact]
    public void Password_lengths_count_characters_not_utf16_units()
    {
        const string Emoji = "\U0001F600"; // one character, two UTF-16 units
        Assert.NotNull(AccountRules.PasswordProblem(string.Concat(Enumerable.Repeat(Emoji, 4))));
        Assert.Null(AccountRules.PasswordProblem(string.Concat(Enumerable.Repeat(Emoji, 8))));
        Assert.Null(AccountRules.PasswordProblem(string.Concat(Enumerable.Repeat(Emoji, 1024))));
        Assert.NotNull(AccountRules.PasswordProblem(string.Concat(Enumerable.Repeat(Emoji, 1025))));
        Assert.False(AccountRules.IsTooLongPassword(string.Concat(Enumerable.Repeat(Emoji, 600))));
    }
}
