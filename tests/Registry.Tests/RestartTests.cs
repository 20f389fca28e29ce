using System.Diagnostics;
using System.Text.Json;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using WebhookSender = Mlops.Webhooks.WebhookSender;
using WebhookSignature = Mlops.Webhooks.WebhookSignature;

namespace Mlops.Registry.Tests;

/// <summary>Runs, artifacts, versions, aliases, gate results and webhook records live in SQLite and files, so a restarted process has them all.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Everything_survives_a_restart_of_the_service()
    {
        await using var ingestion = await SampleIngestionServer.StartAsync();
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["services__ingestion__grpc__0"] = ingestion.Address.ToString(),
        });
        var client = registry.Client;
        var run = await client.CreateRunAsync(new CreateRunRequest { Experiment = "restart", ConfigYaml = "lr: 0.1\n", DatasetVersion = SampleIngestionServer.DatasetVersionId });
        await client.LogMetricsAsync(new LogMetricsRequest { RunId = run.Id, Points = { new MetricPoint { Key = "loss", Step = 1, Value = 0.7 }, new MetricPoint { Key = "loss", Step = 2, Value = 0.5 } } });
        await client.FinishRunAsync(new FinishRunRequest { RunId = run.Id, Status = RunStatus.Finished, FinalMetrics = { ["test_accuracy"] = 0.68 } });
        var version = await client.RegisterAsync("durable", Models.GoodOnnx.Value, datasetVersion: "", runId: run.Id);
        var promoted = await client.PromoteModelAsync(new PromoteModelRequest { ModelName = "durable", Version = 1, Actor = "ci", Reason = "first" });
        await client.SetAliasAsync(new SetAliasRequest { ModelName = "durable", Alias = "staging", Version = 1 });

        await registry.Service.RestartAsync();
        client = registry.Client;

        var reloaded = await client.GetModelVersionAsync(new GetModelVersionRequest { Reference = "durable@production" });
        Assert.Equal(version.OnnxSha256, reloaded.OnnxSha256);
        Assert.Equal(["production", "staging"], reloaded.Aliases.Order());
        Assert.Equal(SampleIngestionServer.DatasetVersionId, reloaded.Lineage.DatasetVersion); // taken from the run
        Assert.Equal("lr: 0.1\n", reloaded.Lineage.ConfigYaml);
        Assert.Equal(0.68, reloaded.Metrics["test_accuracy"]);
        Assert.Equal(promoted.Gate.Accuracy, reloaded.GateResult.Accuracy);
        Assert.Equal(Models.GoodOnnx.Value, (await client.DownloadAsync(version.OnnxSha256)).Content);
        var history = await client.GetAliasHistoryAsync(new GetAliasHistoryRequest { ModelName = "durable" });
        Assert.Equal([("production", "ci"), ("staging", "unknown")], history.Changes.Select(change => (change.Alias, change.Actor)));
        var reloadedRun = await client.GetRunAsync(new GetRunRequest { RunId = run.Id });
        Assert.Equal(RunStatus.Finished, reloadedRun.Status);
        Assert.Single(reloadedRun.Artifacts, artifact => artifact.Sha256 == version.OnnxSha256);
        var loss = await client.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = "loss" });
        Assert.Equal([0.7, 0.5], loss.Points.Select(point => point.Value));
        Assert.Equal(2, (await client.RegisterAsync("durable", Models.WorseOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId)).Version);
    }

    [Fact]
    public async Task A_webhook_cut_off_by_a_crash_is_sent_again_after_the_restart_with_the_same_delivery_and_body()
    {
        const string secret = "restart-secret";
        // The receiver takes the first call in but answers nothing until the process has died: the delivery is left pending.
        await using var receiver = await WebhookReceiver.StartAsync(holdAnswers: true);
        await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
        {
            ["Registry__Webhooks__Urls__0"] = receiver.Url.ToString(),
            ["Registry__Webhooks__Secret"] = secret,
            // Longer than the receiver holds the call or a loaded machine takes: no attempt times out before the crash.
            ["Registry__Webhooks__AttemptTimeout"] = "00:10:00",
        });
        await registry.Client.RegisterAsync("resumed", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        var change = await registry.Client.SetAliasAsync(new SetAliasRequest { ModelName = "resumed", Alias = "staging", Version = 1, Actor = "ci", Reason = "smoke" });
        var cutOff = await receiver.NextCallAsync(TimeSpan.FromSeconds(120));

        await registry.Service.RestartAsync();
        receiver.Answer();
        var resent = await receiver.NextCallAsync(TimeSpan.FromSeconds(120));

        var deliveryId = cutOff.Headers[WebhookSender.DeliveryHeader];
        Assert.Equal(deliveryId, resent.Headers[WebhookSender.DeliveryHeader]);
        Assert.Equal(cutOff.Body, resent.Body);
        Assert.Equal(WebhookSignature.Compute(secret, resent.Body), resent.Headers[WebhookSignature.Header]);
        Assert.Equal("alias.changed", resent.Headers[WebhookSender.EventHeader]);
        var body = JsonDocument.Parse(resent.Body).RootElement;
        Assert.Equal(deliveryId, body.GetProperty("deliveryId").GetString());
        Assert.Equal(("resumed", "staging", 1, "ci"),
            (body.GetProperty("model").GetString(), body.GetProperty("alias").GetString(), body.GetProperty("version").GetInt32(), body.GetProperty("actor").GetString()));
        var delivered = await DeliveredAsync(registry.Client, deliveryId);
        Assert.Equal(change, delivered.Change);
        Assert.Equal(receiver.Url.ToString(), delivered.Url);
    }

    private static async Task<WebhookDelivery> DeliveredAsync(RegistryService.RegistryServiceClient client, string id)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await client.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest());
            if (deliveries.Deliveries.SingleOrDefault(delivery => delivery.Id == id) is { Status: WebhookDeliveryStatus.Delivered } delivered)
            {
                return delivered;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120),
                $"Delivery {id} not delivered; deliveries: {string.Join(", ", deliveries.Deliveries.Select(d => $"{d.Id} {d.Status} {d.Attempts} {d.LastError}"))}");
            await Task.Delay(100);
        }
    }
}
