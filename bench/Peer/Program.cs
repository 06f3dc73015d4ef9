// The classic Redis session-store design, as the benchmark's peer: one `session:{id}` key with a TTL and a
// `user_sessions:{uid}` set per user, one Redis GET per validated request, the same RS256 key and JWT library
// as OrleansSessions. `/stateless/me` checks the JWT alone (no revocation). With `Peer__Plain=true` it is instead
// the plain endpoint: `/plain/me` answers a small JSON with no authentication at all (PlainEndpoint.cs).
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansSessions.Bench.Peer;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (builder.Configuration.GetValue<bool>("Peer:Plain"))
{
    PlainEndpoint.Run(builder);
    return;
}

var rsa = RSA.Create();
rsa.ImportFromPem(File.ReadAllText(builder.Configuration["Jwt:SigningKeyFile"]!));
var key = new RsaSecurityKey(rsa) { KeyId = "peer" };
var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration["ConnectionStrings:Redis"]!);
builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "orleans-sessions",
        ValidAudience = "orleans-sessions",
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };
});
builder.Services.AddAuthorization();
var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
var handler = new JsonWebTokenHandler();

app.MapGet("/health", () => "ok");

app.MapPost("/login/{userId}", async (string userId, IConnectionMultiplexer redis) =>
{
    var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    var db = redis.GetDatabase();
    await db.StringSetAsync($"session:{sessionId}", userId, TimeSpan.FromHours(1));
    await db.SetAddAsync($"user_sessions:{userId}", sessionId);
    var now = DateTime.UtcNow;
    var token = handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "orleans-sessions",
        Audience = "orleans-sessions",
        IssuedAt = now,
        NotBefore = now,
        Expires = now.AddMinutes(15),
        Claims = new Dictionary<string, object> { ["sub"] = userId, ["sid"] = sessionId, ["jti"] = Guid.NewGuid().ToString() },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });
    return Results.Ok(new { access_token = token });
});

app.MapGet("/auth/me", async (ClaimsPrincipal user, IConnectionMultiplexer redis) =>
{
    var sessionId = user.FindFirstValue("sid")!;
    var owner = await redis.GetDatabase().StringGetAsync($"session:{sessionId}");
    return owner.HasValue && owner == user.FindFirstValue("sub")
        ? Results.Ok(new { user_id = owner.ToString(), session_id = sessionId })
        : Results.Unauthorized();
}).RequireAuthorization();

app.MapGet("/stateless/me", (ClaimsPrincipal user) =>
    Results.Ok(new { user_id = user.FindFirstValue("sub"), session_id = user.FindFirstValue("sid") })).RequireAuthorization();

app.Run();
