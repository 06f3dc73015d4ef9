namespace OrleansSessions.Abstractions.Calls;

/// <summary>
/// Marks a grain method whose call may be sent again only when it was refused before it ran: a silo that is shutting
/// down (a rolling deploy) or overloaded rejected the message, or it could not be sent at all. Unlike
/// <see cref="RetrySafeAttribute"/>, a call that went unanswered is not repeated, because it may have run (a sign-in
/// would open a second session). The Api's retry filter applies it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RetryWhenRefusedAttribute : Attribute;
