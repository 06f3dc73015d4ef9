using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// The one way settings are bound and validated: each section is registered once, with its data annotations checked
/// at start (<c>Bind</c> of the given configuration's section + <c>ValidateDataAnnotations</c> + <c>ValidateOnStart</c>). Hosting code that needs
/// a value before the container exists (ports, the signing key) takes the instance this returns, bound and checked by
/// the same validator, so a bad value fails start-up with one line naming its section.
/// </summary>
public static class SettingsRegistration
{
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        // Bound from the configuration given, not the container's: a silo built inside a test host is given its own.
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        var settings = new T();
        try
        {
            configuration.GetSection(section).Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Configuration section '{section}' is invalid: {ex.Message}", ex);
        }

        var result = new DataAnnotationValidateOptions<T>(Options.DefaultName).Validate(Options.DefaultName, settings);
        return result.Failed
            ? throw new InvalidOperationException($"Configuration section '{section}' is invalid: {result.FailureMessage}")
            : settings;
    }
}
