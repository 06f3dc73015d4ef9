namespace OrleansSessions.IntegrationTests.Api;

/// <summary>Access tokens that live the shortest lifetime allowed, 5 seconds, with the default clock skew.</summary>
public sealed class ShortLivedTokensApiFactory : ApiFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Jwt:AccessTokenLifetime"] = "00:00:05",
    };
}
