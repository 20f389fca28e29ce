using Mlops.Drift.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Drift.Tests;

/// <summary>Malformed and extreme values for every field of every unary RPC's request, from the proto descriptor.</summary>
public sealed class DriftFuzzTests(DriftServiceFixture fixture, ITestOutputHelper output) : IClassFixture<DriftServiceFixture>
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_status_stores_nothing_and_leaves_the_service_healthy()
    {
        var (cases, breaches) = await FuzzCorpus.RunAsync(fixture.Drift.Channel, DriftService.Descriptor, async () =>
            $"{(await fixture.Client.ListAlertsAsync(new ListAlertsRequest { IncludeAcknowledged = true })).Alerts.Count} alerts, " +
            $"{(await fixture.Client.ListWindowsAsync(new ListWindowsRequest { Limit = 1000 })).Windows.Count} windows");

        output.WriteLine($"{cases} cases");
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }
}
