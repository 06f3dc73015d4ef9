namespace OrleansSessions.Abstractions.Calls;

/// <summary>
/// Marks a grain method that may be sent again when an attempt is lost on the way to a silo (a read, or a change
/// whose repetition is harmless and whose answer the caller does not report). The Api's one retry filter retries
/// these, and only these, while the cluster routes around a silo that just died.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RetrySafeAttribute : Attribute;
