namespace OrleansSessions.NetworkTests.Load;

/// <summary>A session the workload opened (its login was answered 200) and what the workload did with it since.</summary>
public sealed class TrackedSession(int user, int round, TimeSpan openedAt, string id, string accessToken, string refreshToken)
{
    public int User { get; } = user;

    /// <summary>The round of its user's logins that opened it: sessions of one round were opened at the same time.</summary>
    public int Round { get; } = round;

    public TimeSpan OpenedAt { get; } = openedAt;

    public string Id { get; } = id;

    public string AccessToken { get; } = accessToken;

    public string RefreshToken { get; set; } = refreshToken;

    /// <summary>
    /// When the workload started a call that may end this session (its logout, or logins that evict it by the limit);
    /// from then on a 401 for it is no failure. Null while it must be active.
    /// </summary>
    public TimeSpan? EndingSince { get; set; }

    /// <summary>When its logout returned 204: from then on no node may answer 200 for it.</summary>
    public TimeSpan? RevokedAt { get; set; }
}
