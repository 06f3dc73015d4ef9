namespace OrleansSessions.Client;

/// <summary>A problem answer of the Api: its HTTP status and the contract's <c>code</c>.</summary>
public sealed class SessionsApiException(int status, string? code, string? detail)
    : Exception(detail ?? $"The Api answered {status} {code}.")
{
    public int Status { get; } = status;

    public string? Code { get; } = code;
}
