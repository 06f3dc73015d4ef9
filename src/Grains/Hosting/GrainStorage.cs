namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The grain storage providers: sessions expire with their longest possible lifetime, a user's device history with the
/// 90 days it remembers, accounts never. (A key's name holds no provider name, only the grain and its state's name.)
/// </summary>
public static class GrainStorage
{
    public const string Sessions = "sessions";
    public const string Devices = "devices";
    public const string Accounts = "accounts";
}
