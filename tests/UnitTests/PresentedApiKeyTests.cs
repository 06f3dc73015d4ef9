using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansSessions.Api.Accounts;

namespace OrleansSessions.UnitTests;

/// <summary>How an introspection caller's API key is read (X-Api-Key, HTTP Basic) and matched against the configured keys.</summary>
public sealed class PresentedApiKeyTests
{
    private static readonly IntrospectionKeys Keys = new(Options.Create(new AuthSettings { IntrospectionKeys = "plain-key, k+y/%20x=" }));

    private static PresentedApiKey Read(string? authorization = null, string? apiKey = null)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (apiKey is not null)
        {
            context.Request.Headers[PresentedApiKey.HeaderName] = apiKey;
        }

        return PresentedApiKey.Read(context.Request);
    }

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Theory]
    [InlineData("any:plain-key")]
    [InlineData(":plain-key")]
    [InlineData("user:with:colons:plain-key", false)] // the password is everything after the first colon
    [InlineData("a:k+y/%20x=")] // as sent (curl -u)
    [InlineData("a:k%2By%2F%2520x%3D")] // form-encoded first (RFC 6749 section 2.3.1)
    public void The_Basic_password_is_the_key_as_sent_or_form_decoded(string credentials, bool accepted = true)
    {
        var presented = Read(Basic(credentials));

        Assert.True(presented.UsedBasic);
        Assert.Equal(accepted, Keys.Accepts(presented));
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic ***")]
    [InlineData("Basic cGxhaW4ta2V5")] // "plain-key" without a colon
    [InlineData("Basic /w==")] // not UTF-8
    [InlineData("Basic a%zz")]
    public void Malformed_Basic_credentials_are_refused_without_an_exception(string authorization) =>
        Assert.False(Keys.Accepts(Read(authorization)));

    [Fact]
    public void A_bad_percent_escape_is_compared_as_sent_only()
    {
        var presented = Read(Basic("a:%zz"));

        Assert.Equal("%zz", presented.BasicPassword);
        Assert.False(Keys.Accepts(presented));
    }

    [Fact]
    public void The_header_works_alone_and_another_scheme_is_no_Basic()
    {
        Assert.True(Keys.Accepts(Read(apiKey: "plain-key")));
        Assert.True(Keys.Accepts(Read("Bearer something", "plain-key")));
        Assert.False(Read("Bearer plain-key").UsedBasic);
        Assert.False(Keys.Accepts(Read("Bearer plain-key")));
        Assert.False(Keys.Accepts(Read()));
    }

    [Fact]
    public void A_repeated_header_is_no_key()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[PresentedApiKey.HeaderName] = new Microsoft.Extensions.Primitives.StringValues(["plain-key", "plain-key"]);

        Assert.False(Keys.Accepts(PresentedApiKey.Read(context.Request)));
    }
}
