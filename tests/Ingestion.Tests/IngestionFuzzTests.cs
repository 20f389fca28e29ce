using Mlops.Ingestion.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Ingestion.Tests;

/// <summary>Malformed and extreme values for every field of every unary RPC's request, from the proto descriptor.</summary>
[Collection(IngestionServiceCollection.Name)]
public sealed class IngestionFuzzTests(IngestionServiceProcess service, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_status_stores_nothing_and_leaves_the_service_healthy()
    {
        var (cases, breaches) = await FuzzCorpus.RunAsync(service.Channel, IngestionService.Descriptor, async () =>
            $"{string.Join(",", (await service.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Select(d => $"{d.Name}:{d.VersionCount}"))} " +
            $"{service.Blobs().Count} blobs");

        output.WriteLine($"{cases} cases");
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }
}
