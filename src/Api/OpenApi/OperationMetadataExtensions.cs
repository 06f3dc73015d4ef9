namespace OrleansSessions.Api.OpenApi;

public static class OperationMetadataExtensions
{
    /// <summary>Documents that callers authenticate with an API key (see <see cref="ApiKeyCallerMetadata"/>).</summary>
    public static RouteHandlerBuilder CalledWithApiKey(this RouteHandlerBuilder builder, bool basic) =>
        builder.WithMetadata(new ApiKeyCallerMetadata(basic));

    /// <summary>Documents the headers of the answer with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder AnswersWithHeaders(this RouteHandlerBuilder builder, int status, params (string Name, string Meaning)[] headers) =>
        builder.WithMetadata(new ResponseHeadersMetadata(status, headers));
}
