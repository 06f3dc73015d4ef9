namespace OrleansSessions.Samples.BackendSignIn;

/// <summary>The sample's entry point (a named class, so test projects that also host the Api see one <c>Program</c>).</summary>
public static class SampleProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        SampleApp.AddServices(builder);
        var app = builder.Build();
        SampleApp.MapEndpoints(app);
        app.Run();
    }
}
