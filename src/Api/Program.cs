using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.Endpoints;
using OrleansSessions.Api.Health;
using OrleansSessions.Api.Hosting;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;
using OrleansSessions.Hosting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

var mode = builder.AddSessionCluster();
var jwt = ConfigurationReader.Read<JwtSettings>(builder.Configuration, JwtSettings.Section);
var (signingKeys, keyGenerated) = SigningKeyLoader.Load(jwt, mode.Embedded);

builder.Services.AddOptions<JwtSettings>().Bind(builder.Configuration.GetSection(JwtSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<AuthSettings>().Bind(builder.Configuration.GetSection(AuthSettings.Section));
builder.Services.AddSingleton(signingKeys);
builder.Services.AddSingleton<AccessTokenIssuer>();
builder.Services.AddSingleton<TokenResponder>();
builder.Services.AddSessionClock();
builder.Services.AddSingleton<IPasswordHasher<object>, PasswordHasher<object>>();
builder.Services.AddSingleton<PasswordHashing>();

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCode);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = HttpPipeline.MaxRequestBodyBytes);

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.ConfigureOptions<JwtBearerSetup>();
builder.Services.AddAuthorization();
builder.Services.AddOpenApi();

var app = builder.Build();

if (mode.Embedded)
{
    app.Logger.LogWarning(
        "EMBEDDED MODE: no ConnectionStrings__Redis, so this process hosts its own single silo and keeps every account "
        + "and session in memory. Everything is lost when it stops. Set ConnectionStrings__Redis to run as a cluster.");
}

if (keyGenerated)
{
    app.Logger.LogWarning(
        "No Jwt__SigningKey or Jwt__SigningKeyFile: a fresh signing key was generated; tokens will not survive a restart.");
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyCap();
app.UseNoStoreForAuth();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthEndpoints();
app.MapSessionEndpoints();
app.MapKeyEndpoints();
app.MapHealthEndpoints();
app.MapOpenApi();
app.MapScalarApiReference("/docs", o => o.WithTitle("OrleansSessions API"));

app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
