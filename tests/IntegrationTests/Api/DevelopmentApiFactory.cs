namespace OrleansSessions.IntegrationTests.Api;

/// <summary>The Development environment, as <c>dotnet run --project src/Api</c> starts it (the launch profile), no operator sign-in.</summary>
public sealed class DevelopmentApiFactory : ApiFactory
{
    protected override string Environment => "Development";
}
