using Mlops.TestSupport;
using Mlops.Training.V1;
using Xunit.Abstractions;

namespace Mlops.Training.Tests;

/// <summary>Malformed and extreme values for every field of every unary RPC's request, from the proto descriptor.</summary>
[Collection(TrainingStackCollection.Name)]
public sealed class TrainingFuzzTests(TrainingStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_status_stores_nothing_and_leaves_the_service_healthy()
    {
        var (cases, breaches) = await FuzzCorpus.RunAsync(stack.Training.Channel, TrainingService.Descriptor, async () =>
            $"{(await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count} jobs, " +
            $"{(await stack.TrainingClient.ListSweepsAsync(new ListSweepsRequest { Limit = 1000 })).Sweeps.Count} sweeps");

        output.WriteLine($"{cases} cases");
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }
}
