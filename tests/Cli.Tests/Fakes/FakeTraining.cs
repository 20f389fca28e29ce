using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mlops.Training.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>A trainer whose jobs run two epochs and succeed, or fail at epoch 1 when an override says fail=true.</summary>
public sealed class FakeTraining : TrainingService.TrainingServiceBase
{
    public const string NanError = "loss became NaN at epoch 1; lower optimizer.learning_rate";

    private readonly Dictionary<string, (SubmitJobRequest Request, Job Job)> jobs = [];

    public List<SubmitJobRequest> Submitted { get; } = [];

    public override Task<Job> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        Submitted.Add(request);
        var job = new Job
        {
            Id = $"job-{Submitted.Count}",
            State = JobState.Queued,
            ModelName = string.IsNullOrEmpty(request.ModelName) ? "fashion" : request.ModelName,
            CreatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        };
        jobs[job.Id] = (request, job);
        return Task.FromResult(job.Clone());
    }

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        Task.FromResult(Find(request.JobId).Job.Clone());

    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        var (submitted, job) = Find(request.JobId);
        var fails = submitted.Config.Overrides.Contains("fail=true");
        await responseStream.WriteAsync(new JobEvent { Job = job.Clone(), Message = "queued" });
        job.State = JobState.Running;
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            job.Progress = new JobProgress { Epoch = epoch, TotalEpochs = 2, Step = epoch * 24, TotalSteps = 48 };
            job.Progress.Metrics.Add("train_loss", 0.9 / epoch);
            job.Progress.Metrics.Add("val_accuracy", 0.80 + (0.05 * epoch));
            await responseStream.WriteAsync(new JobEvent { Job = job.Clone() });
            if (fails)
            {
                job.State = JobState.Failed;
                job.Error = NanError;
                await responseStream.WriteAsync(new JobEvent { Job = job.Clone(), Message = "failed" });
                return;
            }
        }

        job.State = JobState.Succeeded;
        job.RunId = $"run-of-{job.Id}";
        job.ModelVersion = 5;
        job.DatasetVersion = "sha-dataset-1";
        job.Progress.Metrics.Add("batch_accuracy", 0.99);
        job.Metrics.Add("test_accuracy", 0.9312);
        job.Metrics.Add("test_loss", 0.2);
        await responseStream.WriteAsync(new JobEvent { Job = job.Clone(), Message = "done" });
    }

    private (SubmitJobRequest Request, Job Job) Find(string id) =>
        jobs.TryGetValue(id, out var found) ? found : throw new RpcException(new Status(StatusCode.NotFound, $"Job '{id}' does not exist."));
}
