namespace OrleansSessions.Grains.Telemetry;

/// <summary>Session ids in logs are shortened: enough to correlate lines, too little to name a session.</summary>
internal static class SessionIds
{
    public static string Short(string sessionId) => sessionId.Length <= 6 ? sessionId : $"{sessionId[..6]}…";
}
