using System.Net;
using OrleansSessions.IntegrationTests.Api;

namespace OrleansSessions.IntegrationTests.Service;

/// <summary>With <c>Auth__ServiceKeys</c> unset (the default), the service API refuses every key, even an empty one.</summary>
public sealed class ServiceKeysUnsetTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(ServiceApiFactory.Key)]
    public async Task Every_call_is_401(string? key)
    {
        var service = new ServiceClient(factory.CreateClient(), key);
        var userId = ServiceClient.NewUserId();

        await ApiClient.AssertProblemAsync(
            await service.SendAsync(HttpMethod.Post, "/service/sessions", new { user_id = userId }), HttpStatusCode.Unauthorized, "invalid_api_key");
        await ApiClient.AssertProblemAsync(await service.SendAsync(HttpMethod.Get, ServiceClient.Path(userId)), HttpStatusCode.Unauthorized, "invalid_api_key");
        await ApiClient.AssertProblemAsync(await service.SendAsync(HttpMethod.Delete, ServiceClient.Path(userId)), HttpStatusCode.Unauthorized, "invalid_api_key");
    }
}
