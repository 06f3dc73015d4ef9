using Microsoft.AspNetCore.Http.Features;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Hosting;

/// <summary>Small pieces of the request pipeline: the body size cap and the no-store rule for auth answers.</summary>
public static class HttpPipeline
{
    /// <summary>The largest request body accepted; every request of the contract fits in a few kilobytes.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyCap(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            await ApiProblem.WriteAsync(context, ErrorCodes.PayloadTooLarge, $"Request bodies are limited to {MaxRequestBodyBytes} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        await next(context);
    });

    /// <summary>Answers under <c>/auth</c> and <c>/admin</c> carry tokens or personal data: never cached.</summary>
    public static IApplicationBuilder UseNoStoreForAuth(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/auth") || context.Request.Path.StartsWithSegments("/admin"))
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
        }

        return next(context);
    });
}
