using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Endpoints;

public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", (SigningKeys keys, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Json(
                    new { keys = keys.PublicJwks.Keys.Select(k => new { kty = k.Kty, use = k.Use, alg = k.Alg, kid = k.Kid, n = k.N, e = k.E, crv = k.Crv, x = k.X, y = k.Y }) },
                    JwksJson.Options);
            })
            .WithTags("Keys")
            .WithSummary("The public keys that verify access tokens.");
        return routes;
    }
}
