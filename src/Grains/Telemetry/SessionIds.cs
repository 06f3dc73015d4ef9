namespace OrleansSessions.Telemetry;

/// <summary>Session ids in logs are shortened: enough to correlate lines, too little to name a session.</summary>
public static class SessionIds
{
    public static string Short(string sessionId) => sessionId.Length <= 6 ? sessionId : $"{sessionId[..6]}…";
}
