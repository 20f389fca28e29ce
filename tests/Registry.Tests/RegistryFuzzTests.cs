using Mlops.Registry.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Registry.Tests;

/// <summary>Malformed and extreme values for every field of every unary RPC's request, from the proto descriptor.</summary>
public sealed class RegistryFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_status_stores_nothing_and_leaves_the_service_healthy()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var client = registry.Client;

        var (cases, breaches) = await FuzzCorpus.RunAsync(registry.Service.Channel, RegistryService.Descriptor, async () =>
            $"{(await client.ListRunsAsync(new ListRunsRequest { Page = new() { PageSize = 1000 } })).Runs.Count} runs, " +
            $"{(await client.ListModelsAsync(new ListModelsRequest())).Models.Count} models");

        output.WriteLine($"{cases} cases");
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }
}
