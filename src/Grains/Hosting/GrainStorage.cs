namespace OrleansSessions.Grains.Hosting;

/// <summary>The grain storage providers: sessions expire with their longest possible lifetime, accounts never do.</summary>
public static class GrainStorage
{
    public const string Sessions = "sessions";
    public const string Accounts = "accounts";
}
