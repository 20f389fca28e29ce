using Mlops.Modeling;
using Mlops.Training.Configs;
using Mlops.Training.Grpc;
using Mlops.Training.Model;
using Mlops.Training.Queue;

namespace Mlops.Training.Jobs;

/// <summary>A job that passed every check a worker would fail it on first: its config resolves and its dataset exists and fits the model.</summary>
public sealed record PreparedJob(ResolvedTrainingConfig Config, TrainingConfig Training, DatasetInfo Dataset);

/// <summary>Checks a job up front (config, dataset), records it as QUEUED and puts it on the queue.</summary>
public sealed class JobSubmitter(ConfigResolver resolver, IDatasetCatalog datasets, IRunTracker tracker, JobStore store, IJobQueue queue)
{
    /// <exception cref="ConfigException">The config does not resolve, or the model does not fit the dataset.</exception>
    /// <exception cref="DatasetNotFoundException">The config's dataset does not exist.</exception>
    public async Task<PreparedJob> PrepareAsync(ConfigRequest request, CancellationToken cancellationToken)
    {
        var resolved = resolver.Resolve(request);
        var training = resolved.ToTrainingConfig();
        var dataset = await datasets.ResolveAsync(training.Dataset, cancellationToken);
        Network(training, dataset);
        if (training.InitFromModel.Length > 0)
        {
            try
            {
                await tracker.ModelWeightsAsync(training.InitFromModel, cancellationToken);
            }
            catch (ModelVersionNotFoundException e)
            {
                throw new ConfigException([e.Message]);
            }
        }

        return new PreparedJob(resolved, training, dataset);
    }

    /// <param name="resume">A checkpoint to continue from instead of starting afresh.</param>
    public async Task<TrainingJob> EnqueueAsync(PreparedJob prepared, string? sweepId = null,
        IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default, ResumePoint? resume = null)
    {
        var job = new TrainingJob
        {
            Id = Guid.CreateVersion7().ToString("N"),
            State = JobStatus.Queued,
            ResolvedConfigYaml = prepared.Config.Yaml,
            ConfigHash = prepared.Config.Hash,
            DatasetVersionId = prepared.Dataset.DatasetVersionId,
            ModelName = prepared.Training.ModelName,
            SweepId = sweepId ?? "",
            CreatedAt = store.Now(),
            ResumeRunId = resume?.RunId ?? "",
            ResumeEpoch = resume?.Epoch ?? 0,
            ResumeCheckpointSha256 = resume?.Sha256 ?? "",
        };
        if (parameters is not null)
        {
            foreach (var (key, value) in parameters)
            {
                job.Parameters[key] = value;
            }
        }
        store.Add(job, "queued");
        await queue.EnqueueAsync(job.Id, job.ToBytes(), cancellationToken);
        return job;
    }

    /// <summary>The network the config describes for the dataset's images.</summary>
    /// <exception cref="ConfigException">It does not fit them.</exception>
    public static CnnConfig Network(TrainingConfig training, DatasetInfo dataset)
    {
        try
        {
            return training.Network(dataset.Channels, dataset.Height, dataset.Width, dataset.ClassNames.Count);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException([
                $"the model does not fit dataset {dataset.Name} ({dataset.Channels}x{dataset.Height}x{dataset.Width}, " +
                $"{dataset.ClassNames.Count} classes): {e.Message}",
            ]);
        }
    }
}
