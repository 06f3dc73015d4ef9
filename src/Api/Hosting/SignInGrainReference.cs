using OrleansSessions.Abstractions.SignIn;

namespace OrleansSessions.Api.Hosting;

/// <summary>
/// The sign-in grain (key 0), resolved once per Api node: a grain reference is only an address, and building one looks
/// its interface up by reflection on every <c>GetGrain</c> (a few percent of the Api's CPU per sign-in).
/// </summary>
public sealed class SignInGrainReference(IGrainFactory grains)
{
    private ISignInGrain? _grain;

    public ISignInGrain Grain => _grain ??= grains.GetGrain<ISignInGrain>(0);
}
