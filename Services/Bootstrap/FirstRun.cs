using Grpc.Core;
using Microsoft.Extensions.Options;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.Training.V1;

namespace Mlops.Bootstrap;

/// <summary>
/// Makes a fresh stack useful: when no model is in production, imports Fashion-MNIST, trains the quick config
/// and promotes the result through the gate. A stack that already serves a model is left as it is.
/// </summary>
public sealed class FirstRun(
    IngestionService.IngestionServiceClient ingestion,
    TrainingService.TrainingServiceClient training,
    RegistryService.RegistryServiceClient registry,
    IOptions<FirstRunOptions> configured,
    ILogger<FirstRun> logger)
{
    private readonly FirstRunOptions options = configured.Value;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var production = await FindProductionAsync(cancellationToken);
        if (production is not null)
        {
            logger.LogInformation("{Model}@{Alias} is version {Version}: nothing to do", options.ModelName, options.Alias, production.Version);
            return 0;
        }

        var dataset = await EnsureDatasetAsync(cancellationToken);
        var job = await TrainAsync(dataset, cancellationToken);
        if (job.State != JobState.Succeeded)
        {
            logger.LogError("Training job {Job} ended {State}: {Error}", job.Id, job.State, job.Error);
            return 1;
        }

        return await PromoteAsync(job, cancellationToken);
    }

    private async Task<ModelVersion?> FindProductionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await registry.GetModelVersionAsync(
                new GetModelVersionRequest { Reference = $"{options.ModelName}@{options.Alias}" }, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<DatasetVersion> EnsureDatasetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var existing = await ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = options.DatasetName }, cancellationToken: cancellationToken);
            logger.LogInformation("Using dataset {Dataset} version {Version}", existing.Name, existing.Id);
            return existing;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            var folder = Directory.Exists(options.SystemDatasetFolder) ? options.SystemDatasetFolder : options.SampleFolder;
            logger.LogInformation("Importing Fashion-MNIST from {Folder}", folder);
            var request = new ImportDatasetRequest
            {
                Name = options.DatasetName,
                Idx = new IdxSource
                {
                    ImagesPath = Path.Combine(folder, FashionMnist.TrainImagesFile),
                    LabelsPath = Path.Combine(folder, FashionMnist.TrainLabelsFile),
                    TestImagesPath = Path.Combine(folder, FashionMnist.TestImagesFile),
                    TestLabelsPath = Path.Combine(folder, FashionMnist.TestLabelsFile),
                },
                Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 42 },
            };
            request.ClassNames.AddRange(FashionMnist.ClassNames);
            var imported = await ingestion.ImportDatasetAsync(request, cancellationToken: cancellationToken);
            logger.LogInformation("Imported {Dataset} version {Version} in {Seconds:F1} s", imported.Version.Name, imported.Version.Id, imported.Seconds);
            return imported.Version;
        }
    }

    private async Task<Job> TrainAsync(DatasetVersion dataset, CancellationToken cancellationToken)
    {
        var submitted = await training.SubmitJobAsync(new SubmitJobRequest
        {
            Config = new ConfigSource { Name = options.Config, Overrides = { options.Overrides, $"data.dataset={dataset.Id}" } },
            ModelName = options.ModelName,
            Experiment = "first-run",
            RequestedBy = "bootstrap",
        }, cancellationToken: cancellationToken);
        logger.LogInformation("Training job {Job} submitted with config {Config}", submitted.Id, options.Config);

        var last = submitted;
        using var watch = training.WatchJob(new WatchJobRequest { JobId = submitted.Id }, cancellationToken: cancellationToken);
        await foreach (var update in watch.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (update.Job.Progress?.Epoch != last.Progress?.Epoch)
            {
                logger.LogInformation("Epoch {Epoch}/{Epochs}: {Metrics}", update.Job.Progress?.Epoch, update.Job.Progress?.TotalEpochs,
                    string.Join(", ", update.Job.Progress?.Metrics.Select(metric => $"{metric.Key}={metric.Value:F4}") ?? []));
            }

            last = update.Job;
        }

        return last;
    }

    private async Task<int> PromoteAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            var promoted = await registry.PromoteModelAsync(new PromoteModelRequest
            {
                ModelName = job.ModelName,
                Version = job.ModelVersion,
                Alias = options.Alias,
                Reason = "first run of the stack",
                Actor = "bootstrap",
            }, cancellationToken: cancellationToken);
            logger.LogInformation("{Model} version {Version} is now {Alias}: gate accuracy {Accuracy:P2}, {Latency:F3} ms per image",
                job.ModelName, job.ModelVersion, options.Alias, promoted.Gate.Accuracy, promoted.Gate.LatencyMsPerImage);
            return 0;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition)
        {
            logger.LogError("The gate refused {Model} version {Version}: {Reason}", job.ModelName, job.ModelVersion, error.Status.Detail);
            return 1;
        }
    }
}
