using System.Text.Json;
using OrleansSessions.Api.Contracts;

namespace OrleansSessions.Api.OpenApi;

/// <summary>One example of each request and answer body, written as the records themselves so they cannot drift from the contract.</summary>
public static class ContractExamples
{
    private const string UserId = "3f9c2a7e51d84b06a1e9c47d2b8f6e15";
    private const string SessionId = "Vq3xN8kLp2RtYw7ZbC4mJg";
    private const string Email = "ada@example.com";
    private const string AccessToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1XzdIcTJrWDlwTHczbVpyOHZUbjRiWWMifQ.c2lnbmF0dXJl";
    private const string RefreshToken = UserId + "." + SessionId + ".1.gZ8kP1vR6tY0wQ3eL5nH2jB9xC4mA7sDfE2hK5pW8y.Tq5wE8rY1uI4oP7aS0dF3gH6jK9lZ2xC5vB8nM1qW4e";
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserDto User = new(UserId, Email);
    private static readonly DeviceInfoDto Laptop = new("desktop", "macOS", "Firefox", null);

    private static readonly SessionDto Session = new(
        SessionId, Created, Created.AddMinutes(42), Created.AddHours(24), "203.0.113.7",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0", Laptop, false, true, Created,
        "web", "password");

    private static readonly JsonElement Claims = JsonDocument.Parse("""{"tenant": "acme", "plan": "pro"}""").RootElement.Clone();

    public static readonly IReadOnlyDictionary<Type, object> ByType = new Dictionary<Type, object>
    {
        [typeof(RegisterRequest)] = new RegisterRequest(Email, "correct horse battery", "Ada"),
        [typeof(RegisterResponse)] = new RegisterResponse(UserId, Email),
        [typeof(LoginRequest)] = new LoginRequest(Email, "correct horse battery", false, Laptop, "web"),
        [typeof(TokenResponse)] = new TokenResponse(AccessToken, "Bearer", 900, RefreshToken, 86400, SessionId, User),
        [typeof(CookieSessionResponse)] = new CookieSessionResponse("Bearer", 900, 86400, SessionId, "Zk3lM8pQx1Vb7Nc2Rt5Yw9Ea4Sd6Fg0Hj3Kl8Mn1Pq", User),
        [typeof(RefreshRequest)] = new RefreshRequest(RefreshToken),
        [typeof(ReauthenticateRequest)] = new ReauthenticateRequest("correct horse battery"),
        [typeof(MeResponse)] = new MeResponse(UserId, Email, SessionId, "web", 1767261600, Claims),
        [typeof(SessionDto)] = Session,
        [typeof(DeviceInfoDto)] = Laptop,
        [typeof(UserDto)] = User,
        [typeof(SessionListResponse)] = new SessionListResponse([Session], 1, 5),
        [typeof(SessionStatsResponse)] = new SessionStatsResponse(2, 5),
        [typeof(RevokedResponse)] = new RevokedResponse(3),
        [typeof(ChangePasswordRequest)] = new ChangePasswordRequest("correct horse battery", "a brand new passphrase"),
        [typeof(IntrospectionRequest)] = new IntrospectionRequest(AccessToken),
        [typeof(IntrospectionResponse)] = new IntrospectionResponse(
            true, UserId, SessionId, 1767262500, 1767261600, "orleans-sessions", "orleans-sessions", "j_5tGh7Uk", "Bearer",
            1767261600, "web", ["pwd"], Claims),
        [typeof(ServiceSessionRequest)] = new ServiceSessionRequest(
            "ext-42", Claims, "web", false, Laptop, "203.0.113.7", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0"),
        [typeof(ServiceClaimsRequest)] = new ServiceClaimsRequest(Claims),
        [typeof(AccountDto)] = new AccountDto(UserId, Email, "Ada", [], Created),
        [typeof(AccountSearchResponse)] = new AccountSearchResponse([new AccountDto(UserId, Email, "Ada", [], Created)]),
        [typeof(OperatorLinksResponse)] = new OperatorLinksResponse("https://ops.example.com/dashboard"),
        [typeof(SiloStatsDto)] = new SiloStatsDto("10.0.0.5:11111", 1200, 480),
        [typeof(ClusterStatsResponse)] = new ClusterStatsResponse(2300, 910, [new SiloStatsDto("10.0.0.5:11111", 1200, 480), new SiloStatsDto("10.0.0.6:11111", 1100, 430)]),
    };
}
