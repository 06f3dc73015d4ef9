namespace OrleansSessions.Abstractions.Throttling;

/// <summary>Whether an attempt may go ahead, and the figures for the <c>X-RateLimit-*</c> and <c>Retry-After</c> headers.</summary>
[GenerateSerializer, Immutable, Alias("os.ThrottleDecision")]
public sealed record ThrottleDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] TimeSpan ResetAfter);
