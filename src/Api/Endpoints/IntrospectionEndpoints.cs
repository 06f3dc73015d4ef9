using Microsoft.AspNetCore.Http.HttpResults;
using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Contracts;
using OrleansSessions.Api.OpenApi;
using OrleansSessions.Api.Problems;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Endpoints;

/// <summary>RFC 7662-style introspection for resource servers holding an API key: is this access token still good?</summary>
public static class IntrospectionEndpoints
{
    public static IEndpointRouteBuilder MapIntrospectionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/auth/introspect", Introspect)
            .WithTags("Other services")
            .WithSummary("Introspect an access token (API key in X-Api-Key).")
            .Errors(ErrorCodes.InvalidApiKey);
        return routes;
    }

    private static async Task<Results<Ok<IntrospectionResponse>, ProblemHttpResult>> Introspect(
        IntrospectionRequest body, HttpContext context, IntrospectionKeys keys, TokenIntrospector introspector)
    {
        if (!keys.IsValid(context.Request.Headers[IntrospectionKeys.Header]))
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            return ApiProblem.Of(ErrorCodes.InvalidApiKey, $"Send a valid API key in {IntrospectionKeys.Header}.");
        }

        if (string.IsNullOrEmpty(body.Token))
        {
            return ApiProblem.Of(ErrorCodes.ValidationFailed, "token is required.");
        }

        return await introspector.IntrospectAsync(body.Token) is { } answer
            ? TypedResults.Ok(answer)
            : ApiProblem.Of(ErrorCodes.StoreUnavailable, "The session store did not answer in time.");
    }
}
