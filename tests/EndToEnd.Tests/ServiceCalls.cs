using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mlops.Drift.V1;
using Mlops.Inference.V1;
using Mlops.Ingestion.V1;
using Mlops.OpenInference;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.EndToEnd.Tests;

/// <summary>One real read-only call per service, and the gRPC health check every service answers.</summary>
internal static class ServiceCalls
{
    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(GrpcChannel channel) =>
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status;

    public static async Task AssertEachServiceAnswersAsync(PlatformFixture platform)
    {
        foreach (var service in PlatformFixture.Services)
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(platform.Channel(service)));
        }

        var datasets = await new IngestionService.IngestionServiceClient(platform.Channel("ingestion"))
            .ListDatasetsAsync(new ListDatasetsRequest());
        Assert.Empty(datasets.Datasets);

        var configs = await new TrainingService.TrainingServiceClient(platform.Channel("training"))
            .ListConfigsAsync(new ListConfigsRequest());
        Assert.Contains("default", configs.Names);

        var models = await new RegistryService.RegistryServiceClient(platform.Channel("registry"))
            .ListModelsAsync(new ListModelsRequest());
        Assert.Empty(models.Models);

        var live = await new GRPCInferenceService.GRPCInferenceServiceClient(platform.Channel("inference"))
            .ServerLiveAsync(new ServerLiveRequest());
        Assert.True(live.Live);

        var alerts = await new DriftService.DriftServiceClient(platform.Channel("drift"))
            .ListAlertsAsync(new ListAlertsRequest { IncludeAcknowledged = true });
        Assert.Empty(alerts.Alerts);
    }

    public static async Task AssertUnknownDatasetIsNotFoundAsync(PlatformFixture platform)
    {
        var client = new IngestionService.IngestionServiceClient(platform.Channel("ingestion"));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetDatasetAsync(new GetDatasetRequest { Reference = "no-such-dataset" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-dataset", error.Status.Detail);
    }
}
