using Microsoft.AspNetCore.Authorization;
using OrleansSessions.Abstractions.Roles;
using OrleansSessions.Api.Tokens;

namespace OrleansSessions.Api.Roles;

/// <summary>
/// The caller must hold <see cref="Role"/> now: the role directory is asked on every request, so a demoted admin is
/// refused at once even with an unexpired token that still lists the role.
/// </summary>
public sealed class CurrentRoleRequirement(string role) : AuthorizationHandler<CurrentRoleRequirement>, IAuthorizationRequirement
{
    public string Role { get; } = role;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentRoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true || context.Resource is not HttpContext http)
        {
            return;
        }

        var roles = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IRoleDirectoryGrain>(0).RolesOf(context.User.GrainKey());
        if (roles.Contains(requirement.Role))
        {
            context.Succeed(requirement);
        }
    }
}
