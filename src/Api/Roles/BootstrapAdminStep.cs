using Microsoft.Extensions.Options;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Abstractions.SignIn;
using OrleansSessions.Api.Accounts;

namespace OrleansSessions.Api.Roles;

/// <summary>
/// At start-up, creates <c>Auth:BootstrapAdmin</c>'s account with the admin role when no account has the email.
/// Every Api node runs it before it serves requests (after the Orleans client has connected); the grains make it
/// happen once. An email someone else registered first gets no role, and the log says so as an error.
/// </summary>
public sealed partial class BootstrapAdminStep(IGrainFactory grains, IOptions<AuthSettings> auth, ILogger<BootstrapAdminStep> logger)
    : IHostedService
{
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken stoppingToken)
    {
        var settings = auth.Value.BootstrapAdmin;
        if (!settings.IsConfigured)
        {
            return;
        }

        var email = AccountRules.NormalizeEmail(settings.Email!);
        while (true)
        {
            try
            {
                var outcome = await grains.GetGrain<ISignInGrain>(0).BootstrapAdmin(new Registration(email, settings.ReadPassword(), null, "start-up"));
                Report(email, outcome);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster may not answer yet while it starts: try again shortly.
                LogRetrying(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Report(string email, BootstrapOutcome outcome)
    {
        switch (outcome)
        {
            case BootstrapOutcome.Created:
                LogCreated(logger, email);
                break;
            case BootstrapOutcome.AlreadySetUp:
                LogAlreadySetUp(logger, email);
                break;
            default:
                LogTaken(logger, email);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin {Email} created with the admin role")]
    private static partial void LogCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} was set up before; nothing to do")]
    private static partial void LogAlreadySetUp(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bootstrap admin NOT granted: {Email} is already registered by someone else (that account may not be yours). "
        + "Choose another Auth__BootstrapAdmin__Email, or have an existing admin grant the role.")]
    private static partial void LogTaken(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin step waits for the cluster ({ExceptionType})")]
    private static partial void LogRetrying(ILogger logger, string exceptionType);
}
