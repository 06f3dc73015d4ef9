using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Endpoints;

/// <summary>
/// Token introspection for resource servers and gateways holding an API key: is this access token still good? It
/// speaks RFC 7662 on the wire (form body, HTTP Basic client authentication) as well as JSON with <c>X-Api-Key</c>.
/// </summary>
public static class IntrospectionEndpoints
{
    public const string BasicChallenge = "Basic realm=\"OrleansSessions introspection\", charset=\"UTF-8\"";
    public const string ApiKeyChallenge = "ApiKey";

    public static IEndpointRouteBuilder MapIntrospectionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/auth/introspect", Introspect)
            .WithTags("Other services")
            .WithSummary("Introspect an access token (RFC 7662).")
            .WithDescription(
                "RFC 7662 on the wire: an `application/x-www-form-urlencoded` body `token=...` (optional `token_type_hint`), the "
                + "caller authenticated with HTTP Basic whose password is an API key from `Auth:IntrospectionKeys` (any user name). "
                + "The same request as JSON with the key in `X-Api-Key` works too. The answer is `{\"active\": false}` for any token "
                + "that is not a valid access token of an active session.")
            .Accepts<IntrospectionRequest>(IntrospectionBody.FormContentType, IntrospectionBody.JsonContentType)
            .CalledWithApiKey(basic: true)
            .Errors(ErrorCodes.InvalidApiKey, ErrorCodes.ValidationFailed, ErrorCodes.PayloadTooLarge, ErrorCodes.StoreUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<IntrospectionResponse>, ProblemHttpResult>> Introspect(
        HttpContext context, IntrospectionKeys keys, TokenIntrospector introspector)
    {
        // The caller is checked before the body is read: a request without a valid key costs no parsing and no grain call.
        var presented = PresentedApiKey.Read(context.Request);
        if (!keys.Accepts(presented))
        {
            var basic = presented.UsedBasic || context.Request.HasFormContentType;
            context.Response.Headers.WWWAuthenticate = basic ? BasicChallenge : ApiKeyChallenge;
            return ApiProblem.Of(ErrorCodes.InvalidApiKey, basic
                ? "Authenticate with HTTP Basic whose password is a valid API key."
                : $"Send a valid API key in {IntrospectionKeys.Header}.");
        }

        var (body, code, detail) = await IntrospectionBody.ReadAsync(context.Request);
        if (code is not null)
        {
            return ApiProblem.Of(code, detail!);
        }

        if (string.IsNullOrEmpty(body!.Token))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "token is required.");
        }

        return await introspector.IntrospectAsync(body.Token) is { } answer
            ? TypedResults.Ok(answer)
            : ApiProblem.Of(ErrorCodes.StoreUnavailable, "The session store did not answer in time.");
    }
}
