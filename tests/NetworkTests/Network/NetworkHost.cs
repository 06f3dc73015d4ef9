namespace OrleansSessions.NetworkTests.Network;

/// <summary>One host of a <see cref="TestNetwork"/>: a network namespace with one address.</summary>
public sealed record NetworkHost(string Role, string Namespace, string Address)
{
    /// <summary>The command prefix that runs a program on this host.</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Namespace];

    public string Exec(params string[] command) => Shell.Run("ip", ["netns", "exec", Namespace, .. command]);
}
