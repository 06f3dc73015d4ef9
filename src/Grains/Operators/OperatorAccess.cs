using Microsoft.Extensions.Hosting;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// Who may see this process's operator endpoints. Configured credentials are always asked for; without them the
/// endpoints are open in the Development environment (<c>dotnet run</c>, on loopback) and not served anywhere else.
/// </summary>
public sealed record OperatorAccess(OperatorAccessMode Mode, OperatorCredentials Credentials)
{
    /// <summary>The authorization policy of the operator endpoints: a signed-in operator, by the Basic scheme only.</summary>
    public const string Policy = "Operators";

    public bool Serves => Mode != OperatorAccessMode.Off;

    public static OperatorAccess For(OperatorCredentials credentials, IHostEnvironment environment) => new(
        credentials.IsConfigured ? OperatorAccessMode.SignIn
        : environment.IsDevelopment() ? OperatorAccessMode.Open
        : OperatorAccessMode.Off,
        credentials);
}
