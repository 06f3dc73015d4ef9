using OrleansSessions.Api.Accounts;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Service;

/// <summary>The middleware that applies <see cref="ServiceKeys"/>.</summary>
public static class ServiceKeyGate
{
    public static IApplicationBuilder UseServiceKeyGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(ServiceKeys.PathPrefix))
        {
            await next(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var keys = context.RequestServices.GetRequiredService<ServiceKeys>();
        var presented = context.Request.Headers[IntrospectionKeys.Header];
        if (presented.Count != 1 || !keys.IsValid(presented[0]))
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            await ApiProblem.WriteAsync(context, ErrorCodes.InvalidApiKey, $"Send a valid service API key in {IntrospectionKeys.Header}.");
            return;
        }

        await next(context);
    });
}
