using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OrleansSessions.Grains.Hosting;

/// <summary>Reads a settings section that host building needs before the container exists, and validates it.</summary>
public static class ConfigurationReader
{
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        T settings;
        try
        {
            settings = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Configuration section '{section}' is invalid: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            throw new InvalidOperationException(
                $"Configuration section '{section}' is invalid: {string.Join(" ", results.Select(r => r.ErrorMessage))}");
        }

        return settings;
    }
}
