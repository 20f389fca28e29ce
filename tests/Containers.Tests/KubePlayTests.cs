using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;
using Xunit.Abstractions;

namespace Mlops.Containers.Tests;

/// <summary>deploy/k8s run for real: <c>podman kube play</c> starts the stack from the manifests, it works, and the bootstrap Job gives it its first model.</summary>
public sealed class KubePlayTests(ITestOutputHelper output)
{
    private const string Model = "kube";
    private const string Dataset = "kube-sample";
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(5);

    [RequiresContainerImagesFact]
    public async Task The_kubernetes_manifests_start_a_stack_whose_services_reach_each_other_and_whose_bootstrap_job_promotes_a_first_model()
    {
        await using var stack = await ContainerStack.PlayAsync(output.WriteLine, new Dictionary<string, string>
        {
            // The bootstrap Job's first model: names automation's rules leave alone, one epoch, and a gate one epoch passes.
            ["Bootstrap__ModelName"] = Model,
            ["Bootstrap__DatasetName"] = Dataset,
            ["Bootstrap__Overrides__0"] = "epochs=1",
            ["Registry__Gate__MinAccuracy"] = "0.3",
        });
        var healthy = await stack.WaitHealthyAsync(StartLimit);
        output.WriteLine($"Healthy after kube play (s): {string.Join(", ", healthy.Select(pair => $"{pair.Key} {pair.Value.TotalSeconds:F1}"))}");

        // The pods run as the manifests' non-root user, with the claim mounted at /data and writable.
        foreach (var service in ContainerStack.Services)
        {
            var user = await Podman.CheckedAsync("exec", stack.ContainerName(service), "sh", "-c", "id -u && test -w /data && echo writable");
            Assert.Equal(["1654", "writable"], user.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        // A service's own call, and one that crosses to a peer through the Services__<peer> address of the ConfigMap:
        // training asks ingestion to resolve the job's dataset, and ingestion's answer (no such dataset) comes back.
        var configs = await new TrainingService.TrainingServiceClient(stack.Channel("training")).ListConfigsAsync(new ListConfigsRequest());
        Assert.Contains("quick", configs.Names);
        Assert.Empty((await new IngestionService.IngestionServiceClient(stack.Channel("ingestion")).ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await new TrainingService.TrainingServiceClient(stack.Channel("training")).SubmitJobAsync(new SubmitJobRequest
            {
                Config = new ConfigSource { Name = "quick", Overrides = { "data.dataset=no-such-dataset" } },
                ModelName = "kube",
            }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Ingestion has no dataset 'no-such-dataset'", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await new RegistryService.RegistryServiceClient(stack.Channel("registry")).ListModelsAsync(new ListModelsRequest())).Models);

        using var http = new HttpClient();
        var page = await http.GetAsync(new Uri(stack.Address(ContainerStack.Frontend)));
        Assert.True(page.IsSuccessStatusCode, $"frontend answered {(int)page.StatusCode}");

        // The bootstrap Job, as its manifest says: the sample copied into ingestion's imports folder (kubectl cp in a
        // cluster), then the Job's template run to its end imports, trains, and promotes through the gate.
        await Podman.CheckedAsync("exec", stack.ContainerName("ingestion"), "mkdir", "-p", "/data/imports/fashion-mnist");
        await Podman.CheckedAsync("cp", $"{RepositoryLayout.FashionMnistSampleFolder}/.", $"{stack.ContainerName("ingestion")}:/data/imports/fashion-mnist");
        var (exitCode, log) = await stack.PlayJobToEndAsync();
        Assert.True(exitCode == 0, $"the bootstrap Job exited {exitCode}:\n{log}");
        var dataset = await new IngestionService.IngestionServiceClient(stack.Channel("ingestion")).GetDatasetAsync(new GetDatasetRequest { Reference = Dataset });
        var production = await new RegistryService.RegistryServiceClient(stack.Channel("registry"))
            .GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{Model}@production" });
        Assert.Equal(dataset.Id, production.Lineage.DatasetVersion);
    }
}
