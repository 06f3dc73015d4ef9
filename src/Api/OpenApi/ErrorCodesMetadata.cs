namespace OrleansSessions.Api.OpenApi;

/// <summary>The contract's error codes an endpoint can answer with, beyond those its authorization and body imply.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

/// <summary>Marks login and refresh, which answer with tokens in the body (bearer mode) or in cookies (cookie mode).</summary>
public sealed record TokenModesMetadata;

public static class ErrorCodesMetadataExtensions
{
    /// <summary>Documents the error codes this endpoint answers with (see <see cref="Problems.ErrorCodes.All"/>).</summary>
    public static TBuilder Errors<TBuilder>(this TBuilder builder, params string[] codes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorCodesMetadata(codes));

    public static RouteHandlerBuilder AnswersInBothTokenModes(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new TokenModesMetadata());
}
