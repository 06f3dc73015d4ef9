using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using OrleansSessions.Client;

namespace OrleansSessions.Samples.BackendSignIn;

/// <summary>
/// The sample: <c>POST /signin</c> checks the user here, then opens the session in OrleansSessions through the service
/// API; <c>GET /profile</c> accepts its access tokens through <c>AddOrleansSessionsBearer</c>;
/// <c>POST /signout-everywhere</c> revokes all of the user's sessions. The user refreshes at OrleansSessions'
/// <c>/auth/refresh</c> directly, and sees their devices at its <c>/auth/sessions</c>.
/// </summary>
public static class SampleApp
{
    public static void AddServices(WebApplicationBuilder builder, HttpMessageHandler? toSessions = null)
    {
        var settings = builder.Configuration.GetSection(SampleSettings.Section).Get<SampleSettings>() ?? new SampleSettings();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton(_ => new SessionsServiceClient(
            new HttpClient(toSessions ?? new HttpClientHandler(), disposeHandler: toSessions is null) { BaseAddress = settings.Url },
            settings.ServiceKey));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddOrleansSessionsBearer(o =>
        {
            o.Authority = settings.Url;
            o.IntrospectionApiKey = settings.ServiceKey; // service keys may introspect: a revoked session is refused within the 5 s answer cache
            o.BackchannelHandler = toSessions;
            o.AcceptedAuthMethods = [SessionAuthMethods.Backend]; // users registered with the service may hold the same ids
        });
        builder.Services.AddAuthorization();
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/signin", SignInAsync);
        app.MapGet("/profile", (ClaimsPrincipal user) => Results.Ok(new
        {
            user_id = user.UserId(),
            session_id = user.SessionId(),
            tenant = user.CustomClaim("tenant"),
            signed_in_at = user.AuthTime(),
        })).RequireAuthorization();
        app.MapPost("/signout-everywhere", async (ClaimsPrincipal user, SessionsServiceClient sessions) =>
            Results.Ok(new { sessions_revoked = await sessions.RevokeAllSessionsAsync(user.UserId()!) })).RequireAuthorization();
    }

    private static async Task<IResult> SignInAsync(SignInForm form, HttpContext context, UserDirectory users, SessionsServiceClient sessions)
    {
        if (users.Check(form.Username, form.Password) is not { } user)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong user name or password.");
        }

        var session = await sessions.OpenSessionAsync(new ServiceSessionRequest(
            user.UserId,
            Claims: new { tenant = user.Tenant },
            IpAddress: context.Connection.RemoteIpAddress?.ToString(),
            UserAgent: context.Request.Headers.UserAgent.ToString()));
        return Results.Ok(new
        {
            access_token = session.AccessToken,
            refresh_token = session.RefreshToken,
            expires_in = session.ExpiresIn,
            session_id = session.SessionId,
        });
    }

    private sealed record SignInForm(string? Username, string? Password);
}
