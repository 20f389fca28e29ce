using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.EndToEnd.Tests;

[Collection(PlatformWithoutRedisCollection.Name)]
public sealed class StackWithoutRedisTests(PlatformWithoutRedis platform)
{
    [Fact]
    public async Task Every_service_still_starts_and_serves_on_its_in_memory_fallback()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, resource => resource.Name == "cache");

        await ServiceCalls.AssertEachServiceAnswersAsync(platform);
    }
}
