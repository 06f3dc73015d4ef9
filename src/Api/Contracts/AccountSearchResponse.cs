namespace OrleansSessions.Api.Contracts;

/// <summary>The accounts matching an operator's search: none or one, since an email names one account.</summary>
public sealed record AccountSearchResponse(IReadOnlyList<AccountDto> Users);
