namespace OrleansSessions.Client;

/// <summary>How a resource server trusts OrleansSessions access tokens.</summary>
public sealed class ResourceServerOptions
{
    /// <summary>The OrleansSessions Api, e.g. <c>https://sessions.example</c>: the JWKS is read from it.</summary>
    public Uri? Authority { get; set; }

    public string Issuer { get; set; } = "orleans-sessions";

    public string Audience { get; set; } = "orleans-sessions";

    /// <summary>
    /// The sign-in methods (<c>amr</c>, <see cref="SessionAuthMethods"/>) whose tokens are accepted; both by default. A
    /// backend that signs its users in itself and keys its data by their id accepts <see cref="SessionAuthMethods.Backend"/>
    /// alone: a user registered with the service may hold the same <c>sub</c>.
    /// </summary>
    public IReadOnlyCollection<string> AcceptedAuthMethods { get; set; } = [SessionAuthMethods.Password, SessionAuthMethods.Backend];

    /// <summary>When set, every token is also checked with <c>POST /auth/introspect</c>, so revocation is seen.</summary>
    public string? IntrospectionApiKey { get; set; }

    /// <summary>How long an introspection answer is reused for one token (zero: never reused).</summary>
    public TimeSpan IntrospectionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most the remembered introspection answers may take, in bytes: each is charged its token's length plus
    /// <see cref="IntrospectionCacheEntryOverheadBytes"/>. When full, the least recently used answers are evicted.
    /// </summary>
    public long IntrospectionCacheSizeLimit { get; set; } = 16L * 1024 * 1024;

    /// <summary>What one remembered answer costs besides its token's text.</summary>
    public const int IntrospectionCacheEntryOverheadBytes = 256;

    /// <summary>The clock the key refresh intervals are measured with (for tests); the system clock when null.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>For tests and special networks: the handler the JWKS and introspection calls go through.</summary>
    public HttpMessageHandler? BackchannelHandler { get; set; }
}
