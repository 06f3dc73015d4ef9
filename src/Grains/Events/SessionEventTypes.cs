namespace OrleansSessions.Grains.Events;

/// <summary>The event types and reasons as they appear in an event's body.</summary>
internal static class SessionEventTypes
{
    public const string Created = "session.created";
    public const string Revoked = "session.revoked";
    public const string Expired = "session.expired";
    public const string AccountLocked = "account.locked";

    public const string Idle = "idle";
    public const string Absolute = "absolute";
    public const string FailedLogins = "failed_logins";

    public static string Of(RevocationReason reason) => reason switch
    {
        RevocationReason.Logout => "logout",
        RevocationReason.LogoutAll => "logout_all",
        RevocationReason.UserRevoked => "user_revoked",
        RevocationReason.Evicted => "evicted",
        RevocationReason.Admin => "admin",
        RevocationReason.Service => "service",
        RevocationReason.PasswordChanged => "password_changed",
        RevocationReason.RefreshReuse => "refresh_reuse",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown revocation reason."),
    };
}
