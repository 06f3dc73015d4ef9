using Microsoft.Extensions.Options;
using OrleansSessions.Api.Hosting;

try
{
    await ApiComposition.Build(args).RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or FormatException or OptionsValidationException)
{
    // Bad configuration: one clear line naming the key, not a stack trace.
    Console.Error.WriteLine($"OrleansSessions.Api cannot start: {ex.Message}");
    return 1;
}

/// <summary>Visible to the test host.</summary>
public partial class Program;
