namespace OrleansSessions.Bench.Peer;

/// <summary>
/// The benchmark's floor of cost (<c>Peer__Plain=true</c>): Kestrel and a minimal-API endpoint answering a JSON body
/// the size of <c>/auth/me</c>'s, with no authentication, no middleware and no store at all.
/// </summary>
public static class PlainEndpoint
{
    public const string Path = "/plain/me";

    public static void Run(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapGet(Path, () => Results.Ok(new
        {
            user_id = "0d1a7c6e4b5f4f0e9a1c2b3d4e5f6a7b",
            email = "bench-user@example.com",
            session_id = "Qm9zY2hLZXlTZXNzaW9uSWQ",
        }));
        app.Run();
    }
}
