using Grpc.Core;
using Mlops.Automation.Engine;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Automation.Clients;

/// <summary>The automation's calls on Training, Registry and Ingestion; failures become <see cref="PlatformCallException"/>s naming the service.</summary>
public sealed class GrpcPlatform(
    TrainingService.TrainingServiceClient training,
    RegistryService.RegistryServiceClient registry,
    IngestionService.IngestionServiceClient ingestion) : IPlatform
{
    public Task<JobStatus> SubmitTrainingAsync(TrainingRequest request, CancellationToken cancellationToken) =>
        CallAsync("training", async () =>
        {
            var config = new ConfigSource { Name = request.Config };
            config.Overrides.AddRange(request.Overrides);
            var job = await training.SubmitJobAsync(
                new SubmitJobRequest { Config = config, ModelName = request.Model, RequestedBy = request.RequestedBy, Experiment = "automation" },
                cancellationToken: cancellationToken);
            return ToStatus(job);
        });

    public Task<JobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        CallAsync("training", async () => ToStatus(await training.GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: cancellationToken)));

    public async Task<PromotionOutcome> PromoteAsync(string model, int version, string alias, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var response = await registry.PromoteModelAsync(
                new PromoteModelRequest { ModelName = model, Version = version, Alias = alias, Reason = reason, Actor = ActionRunner.Actor },
                cancellationToken: cancellationToken);
            var gate = response.Gate is { } result ? $" (gate passed: accuracy {result.Accuracy:0.####} on {result.Samples} samples)" : "";
            return new PromotionOutcome(true, $"{model}@{alias} moved to version {version}{gate}");
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition)
        {
            return new PromotionOutcome(false, error.Status.Detail);
        }
        catch (RpcException error)
        {
            throw Failure("registry", error);
        }
    }

    public async Task<AliasTarget?> GetAliasTargetAsync(string model, string alias, CancellationToken cancellationToken)
    {
        try
        {
            var version = await registry.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"{model}@{alias}" }, cancellationToken: cancellationToken);
            return new AliasTarget(version.ModelName, version.Version, version.Lineage?.DatasetVersion ?? "");
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException error)
        {
            throw Failure("registry", error);
        }
    }

    public async Task<IReadOnlyList<DatasetVersionInfo>> ListDatasetVersionsAsync(string dataset, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ingestion.ListVersionsAsync(new ListVersionsRequest { Name = dataset }, cancellationToken: cancellationToken);
            return [.. response.Versions.Select(version => new DatasetVersionInfo(version.Name, version.Id, version.CreatedAt.ToDateTimeOffset()))];
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return [];
        }
        catch (RpcException error)
        {
            throw Failure("ingestion", error);
        }
    }

    private static JobStatus ToStatus(Job job) => new(
        job.Id,
        job.State switch
        {
            JobState.Running => JobPhase.Running,
            JobState.Succeeded => JobPhase.Succeeded,
            JobState.Failed => JobPhase.Failed,
            JobState.Cancelled => JobPhase.Cancelled,
            _ => JobPhase.Queued,
        },
        job.ModelName,
        job.ModelVersion,
        job.DatasetVersion,
        job.Error);

    private static async Task<T> CallAsync<T>(string service, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException error)
        {
            throw Failure(service, error);
        }
    }

    private static PlatformCallException Failure(string service, RpcException error) =>
        new($"{service} answered {error.StatusCode}: {error.Status.Detail}", error);
}
