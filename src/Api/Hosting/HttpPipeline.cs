using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OrleansSessions.Api.Problems;

namespace OrleansSessions.Api.Hosting;

/// <summary>Small pieces of the request pipeline: the body's size cap and charset check, and the no-store rule for auth answers.</summary>
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

    /// <summary>
    /// A body whose <c>Content-Type</c> names a charset .NET does not know (<c>charset=bogus</c>, <c>charset=</c>) is 400
    /// <c>validation_failed</c> before any endpoint reads it: ASP.NET Core's JSON reading fails on it with a plain
    /// <see cref="InvalidOperationException"/>, which would be a 500. A known one written in a way that reading does
    /// not take (quoted, <c>charset="utf-8"</c>, which HTTP allows; <c>utf8</c>, the WHATWG label) is rewritten as
    /// .NET names it.
    /// </summary>
    public static IApplicationBuilder UseKnownCharset(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue)
        {
            if (CharsetName(type.Charset) is not { } name)
            {
                await ApiProblem.WriteAsync(context, ErrorCodes.ValidationFailed, "The body's charset is not one this service reads: send UTF-8.");
                return;
            }

            if (!type.Charset.Equals(name, StringComparison.Ordinal))
            {
                type.Charset = name;
                context.Request.ContentType = type.ToString();
            }
        }

        await next(context);
    });

    /// <summary>The charset as .NET names it, or null when it names none .NET knows.</summary>
    private static string? CharsetName(StringSegment charset)
    {
        var name = HeaderUtilities.RemoveQuotes(charset).ToString();
        if (name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return "utf-8";
        }

        try
        {
            _ = Encoding.GetEncoding(name);
            return name;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

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
