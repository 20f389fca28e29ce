using Grpc.Core;
using Mlops.ServiceDefaults;
using Mlops.Training.Configs;
using Mlops.Training.Jobs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;
using Mlops.Training.Sweeps;
using Mlops.Training.V1;

namespace Mlops.Training.Grpc;

public sealed class TrainingGrpcService(
    JobStore jobs,
    IJobRepository repository,
    ConfigCatalog configs,
    ConfigResolver resolver,
    JobSubmitter submitter,
    RunCheckpoints checkpoints,
    JobCanceller canceller,
    JobWatcher watcher,
    SweepCoordinator sweeps) : TrainingService.TrainingServiceBase
{
    private const int DefaultListLimit = 100;

    public override async Task<Job> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        var prepared = await submitter.PrepareAsync(TrainingMessages.ConfigRequest(request.Config, request.ModelName, request.Experiment), context.CancellationToken);
        ResumePoint? resume = null;
        if (request.ResumeFrom is { } from)
        {
            if (string.IsNullOrWhiteSpace(from.RunId) || from.CheckpointEpoch < 0)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    "resume_from needs the run id and a checkpoint epoch (0 or more; 0 takes the run's latest)."));
            }

            resume = await checkpoints.FindAsync(from.RunId, from.CheckpointEpoch, context.CancellationToken);
        }

        return (await submitter.EnqueueAsync(prepared, cancellationToken: context.CancellationToken, resume: resume)).ToMessage();
    }

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        Task.FromResult((jobs.Find(request.JobId) ?? throw NotFound($"No training job '{request.JobId}'.")).ToMessage());

    public override Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var response = new ListJobsResponse();
        response.Jobs.AddRange(jobs.List((JobStatus)request.State, NullIfEmpty(request.SweepId), LimitOrDefault(request.Limit)).Select(TrainingMapping.ToMessage));
        return Task.FromResult(response);
    }

    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        var events = watcher.Watch(request.JobId, context.CancellationToken) ?? throw NotFound($"No training job '{request.JobId}'.");
        await foreach (var jobEvent in events)
        {
            await responseStream.WriteAsync(jobEvent.ToMessage(), context.CancellationToken);
        }
    }

    public override Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context) =>
        Task.FromResult((canceller.Cancel(request.JobId) ?? throw NotFound($"No training job '{request.JobId}'.")).ToMessage());

    public override async Task<Sweep> SubmitSweep(SubmitSweepRequest request, ServerCallContext context) =>
        (await sweeps.SubmitAsync(TrainingMessages.SweepPlan(request), context.CancellationToken)).ToMessage();

    // Summarised again on read: with several replicas, two trials ending at once on different processes each save the sweep
    // as they saw it, so the stored state may lag behind its trials; the trials themselves are always current.
    public override Task<Sweep> GetSweep(GetSweepRequest request, ServerCallContext context) =>
        Task.FromResult(Summarised(repository.FindSweep(request.SweepId) ?? throw NotFound($"No sweep '{request.SweepId}'.")));

    public override Task<ListSweepsResponse> ListSweeps(ListSweepsRequest request, ServerCallContext context)
    {
        var response = new ListSweepsResponse();
        response.Sweeps.AddRange(repository.ListSweeps(LimitOrDefault(request.Limit)).Select(Summarised));
        return Task.FromResult(response);
    }

    private static Sweep Summarised(ParameterSweep sweep)
    {
        SweepTracker.Summarise(sweep);
        return sweep.ToMessage();
    }

    public override Task<ResolvedConfig> ResolveConfig(ResolveConfigRequest request, ServerCallContext context)
    {
        var resolved = resolver.Resolve(TrainingMessages.ConfigRequest(request.Config, "", ""));
        return Task.FromResult(new ResolvedConfig { Yaml = resolved.Yaml, ConfigHash = resolved.Hash });
    }

    public override Task<ListConfigsResponse> ListConfigs(ListConfigsRequest request, ServerCallContext context)
    {
        var response = new ListConfigsResponse();
        response.Names.AddRange(configs.ConfigNames());
        foreach (var (group, choices) in configs.Groups())
        {
            response.Groups[group] = new ValueList { Values = { choices } };
        }

        return Task.FromResult(response);
    }

    private static int LimitOrDefault(int limit) => PageLimits.Resolve(limit, DefaultListLimit, "limit");

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
