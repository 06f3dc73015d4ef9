namespace OrleansSessions.Abstractions.Sessions;

public enum RefreshStatus
{
    Rotated = 0,
    Invalid = 1,
    Reused = 2,
}
