using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using WebhookSignature = Mlops.Webhooks.WebhookSignature;

namespace Mlops.Registry.Tests;

/// <summary>
/// Promotion against the running service: the gate reads the test split over gRPC (through service discovery, as under Aspire),
/// watchers see the move, a webhook receiver gets a signed call, a receiver that is down does not hold anything up.
/// </summary>
public sealed class PromotionTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret";

    [Fact]
    public async Task A_gated_promotion_reaches_watchers_and_webhooks_and_a_worse_model_is_refused_with_its_figures()
    {
        await using var ingestion = await SampleIngestionServer.StartAsync();
        // The live receiver answers no webhook until the promotion has returned: the promotion must not wait for its webhooks.
        await using var receiver = await WebhookReceiver.StartAsync(holdAnswers: true);
        var downUrl = $"http://127.0.0.1:{FreePort.Next()}/nobody-listens";
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["services__ingestion__grpc__0"] = ingestion.Address.ToString(),
            ["Registry__Webhooks__Urls__0"] = downUrl,
            ["Registry__Webhooks__Urls__1"] = receiver.Url.ToString(),
            ["Registry__Webhooks__Secret"] = Secret,
            ["Registry__Webhooks__MaxAttempts"] = "3",
            ["Registry__Webhooks__InitialBackoff"] = "00:00:00.200",
            // Longer than the receiver holds its answers or a loaded machine takes to answer: each webhook is sent once.
            ["Registry__Webhooks__AttemptTimeout"] = "00:10:00",
        });
        var client = registry.Client;
        await client.RegisterAsync("fashion", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        await client.RegisterAsync("fashion", Models.WorseOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        await client.SetAliasAsync(new SetAliasRequest { ModelName = "fashion", Alias = "staging", Version = 2 });
        using var watch = client.WatchAliases(new WatchAliasesRequest { ModelName = "fashion" });
        var snapshot = await NextAsync(watch);
        Assert.True(snapshot.Snapshot);
        Assert.Equal(("staging", 2), (snapshot.Alias, snapshot.Version));

        var gated = await Assert.ThrowsAsync<RpcException>(() =>
            client.SetAliasAsync(new SetAliasRequest { ModelName = "fashion", Alias = "production", Version = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, gated.StatusCode);
        Assert.Contains("PromoteModel", gated.Status.Detail);

        // Had the promotion waited for its webhooks, it would wait for the held receiver until the attempt timed out.
        var promoted = await client.PromoteModelAsync(new PromoteModelRequest { ModelName = "fashion", Version = 1, Actor = "alice", Reason = "beats baseline" })
            .ResponseAsync.WaitAsync(TimeSpan.FromMinutes(5));
        receiver.Answer();

        Assert.True(promoted.Gate.Passed);
        Assert.Equal(1000, promoted.Gate.Samples);
        Assert.InRange(promoted.Gate.Accuracy, 0.6, 0.8);
        Assert.Equal(("production", 1, 0, "alice"), (promoted.Change.Alias, promoted.Change.Version, promoted.Change.PreviousVersion, promoted.Change.Actor));
        var watched = await NextAsync(watch);
        Assert.False(watched.Snapshot);
        Assert.Equal(("production", 1, "beats baseline"), (watched.Alias, watched.Version, watched.Reason));
        Assert.Equal(1, (await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = "fashion@production" })).Version);

        // Every alias change is sent: first the staging move, then the promotion.
        var calls = new[] { await receiver.NextCallAsync(TimeSpan.FromSeconds(120)), await receiver.NextCallAsync(TimeSpan.FromSeconds(120)) };
        Assert.All(calls, call => Assert.Equal(WebhookSignature.Compute(Secret, call.Body), call.Headers[WebhookSignature.Header]));
        var bodies = calls.Select(call => JsonDocument.Parse(call.Body).RootElement).ToList();
        var production = Assert.Single(bodies, body => body.GetProperty("alias").GetString() == "production");
        Assert.Equal("alias.changed", production.GetProperty("event").GetString());
        Assert.Equal("fashion", production.GetProperty("model").GetString());
        Assert.Equal(1, production.GetProperty("version").GetInt32());
        Assert.Equal("alice", production.GetProperty("actor").GetString());

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            client.PromoteModelAsync(new PromoteModelRequest { ModelName = "fashion", Version = 2, Actor = "bob" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("refused fashion/2", refused.Status.Detail);
        Assert.Contains("production stays at version 1", refused.Status.Detail);
        Assert.Contains("max_accuracy_drop_vs_production FAILED", refused.Status.Detail);
        Assert.Matches(@"accuracy 0\.\d{4} vs production fashion/1 0\.\d{4}", refused.Status.Detail);
        Assert.Equal(1, (await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = "fashion@production" })).Version);
        var candidate = await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = "fashion/2" });
        Assert.False(candidate.GateResult.Passed);
        Assert.True(candidate.GateResult.Accuracy < promoted.Gate.Accuracy - 0.02);
        Assert.True((await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = "fashion/1" })).GateResult.Passed);

        var failed = await WaitForDeliveryAsync(client, downUrl, WebhookDeliveryStatus.Failed);
        Assert.Equal(3, failed.Attempts);
        Assert.NotEmpty(failed.LastError);
        var delivered = await WaitForDeliveryAsync(client, receiver.Url.ToString(), WebhookDeliveryStatus.Delivered);
        Assert.Equal(1, delivered.Attempts);
        var history = await client.GetAliasHistoryAsync(new GetAliasHistoryRequest { ModelName = "fashion", Alias = "production" });
        Assert.Equal([1], history.Changes.Select(change => change.Version));
    }

    [Fact]
    public async Task Without_a_reachable_ingestion_service_the_gate_reports_unavailable_and_leaves_the_alias()
    {
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["services__ingestion__grpc__0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        await registry.Client.RegisterAsync("lonely", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            registry.Client.PromoteModelAsync(new PromoteModelRequest { ModelName = "lonely", Version = 1 }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Ingestion", error.Status.Detail);
        var model = (await registry.Client.ListModelsAsync(new ListModelsRequest())).Models.Single();
        Assert.Empty(model.Aliases);
    }

    private static async Task<AliasChange> NextAsync(AsyncServerStreamingCall<AliasChange> watch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        return watch.ResponseStream.Current;
    }

    private static async Task<WebhookDelivery> WaitForDeliveryAsync(RegistryService.RegistryServiceClient client, string url, WebhookDeliveryStatus status)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await client.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest());
            var delivery = deliveries.Deliveries.FirstOrDefault(candidate => candidate.Url == url && candidate.Status == status);
            if (delivery is not null)
            {
                return delivery;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120),
                $"No {status} delivery to {url}; deliveries: {string.Join(", ", deliveries.Deliveries.Select(d => $"{d.Url} {d.Status} {d.Attempts}"))}");
            await Task.Delay(100);
        }
    }
}
