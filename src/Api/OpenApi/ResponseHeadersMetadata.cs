namespace OrleansSessions.Api.OpenApi;

/// <summary>Headers a successful answer carries (name and meaning), for endpoints whose answer is its headers.</summary>
public sealed record ResponseHeadersMetadata(int Status, IReadOnlyList<(string Name, string Meaning)> Headers);
