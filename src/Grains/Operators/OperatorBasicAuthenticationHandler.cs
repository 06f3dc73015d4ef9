using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSessions.Grains.Domain;
using OrleansSessions.Grains.Hosting;

namespace OrleansSessions.Grains.Operators;

/// <summary>
/// HTTP Basic sign-in for operators. The dashboard's browser code sends no bearer header, but browsers resend
/// Basic credentials on every request to the same origin, so the whole dashboard (page and API calls) is covered.
/// Never a host's default scheme: only the operator endpoints ask for it (<see cref="OperatorAccess.Policy"/>). Any
/// header it cannot use (another scheme, bad base64, no colon, wrong or unconfigured credentials) ends in the 401
/// challenge. Different wrong Basic credentials are counted per client network (<see cref="OperatorSignInGuard"/>);
/// past the limit every Basic sign-in from that network, a right one too, is answered 429 with <c>Retry-After</c>.
/// </summary>
public sealed partial class OperatorBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorCredentials> credentials,
    OperatorSignInGuard guard) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OperatorBasic";

    /// <summary>Where a refused attempt leaves its decision for the challenge.</summary>
    private static readonly object Throttled = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = Context.ClientAddress();
        var result = AuthenticateResult.NoResult();
        var (outcome, next) = guard.Attempt(client, header.Parameter, () => (result = Authenticate(header.Parameter)).Succeeded);
        switch (outcome)
        {
            case GuardedSignIn.Refused:
                Context.Items[Throttled] = next;
                return Task.FromResult(AuthenticateResult.Fail("Too many failed operator sign-ins from this network."));
            case GuardedSignIn.Wrong when !next.Allowed:
                LogNetworkRefused(Logger, client, next.Limit);
                break;
        }

        return Task.FromResult(result);
    }

    private AuthenticateResult Authenticate(string parameter)
    {
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(parameter));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        var separator = decoded.IndexOf(':');
        if (separator < 0 || !credentials.Value.Matches(decoded[..separator], decoded[(separator + 1)..]))
        {
            return AuthenticateResult.Fail("Wrong operator credentials.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, decoded[..separator]), new Claim(ClaimTypes.Role, "operator")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[Throttled] is ThrottleDecision refused)
        {
            // An Api node's status code pages turn this into the rate_limited problem; a silo answers it bare.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(refused.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"OrleansSessions operators\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator sign-ins from {Client}'s network are refused: {Limit} failed in the window.")]
    private static partial void LogNetworkRefused(ILogger logger, string client, int limit);
}
