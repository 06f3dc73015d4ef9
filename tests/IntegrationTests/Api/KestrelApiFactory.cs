namespace OrleansSessions.IntegrationTests.Api;

/// <summary>
/// The real Api behind real Kestrel on a free port, for the client libraries: over a real connection an answer's body
/// is a stream that can be read once, which the in-memory test server hides.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:IntrospectionKeys"] = SecurityApiFactory.IntrospectionKey,
    };
}
