namespace OrleansSessions.Abstractions.Sessions;

/// <summary>Why a session was revoked: the <c>reason</c> of its <c>session.revoked</c> event.</summary>
public enum RevocationReason
{
    /// <summary>The user signed out of this session.</summary>
    Logout = 0,

    /// <summary>The user signed out of every session (or every other one).</summary>
    LogoutAll = 1,

    /// <summary>The user revoked this session from their list of devices.</summary>
    UserRevoked = 2,

    /// <summary>The per-user limit made room for a newer session.</summary>
    Evicted = 3,

    /// <summary>An administrator revoked it.</summary>
    Admin = 4,

    /// <summary>A trusted service revoked it through the service API.</summary>
    Service = 5,

    /// <summary>The user's password changed.</summary>
    PasswordChanged = 6,

    /// <summary>A refresh token already rotated away was presented again (theft).</summary>
    RefreshReuse = 7,
}
