using Grpc.Core;
using Mlops.Training.Configs;
using Mlops.Training.Repositories;
using Mlops.Training.V1;

namespace Mlops.Training.Grpc;

public sealed class TrainingGrpcService(IJobRepository jobs, ConfigCatalog configs) : TrainingService.TrainingServiceBase
{
    private const int DefaultListLimit = 100;

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        Task.FromResult(jobs.FindJob(request.JobId) ?? throw NotFound($"No training job '{request.JobId}'."));

    public override Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var response = new ListJobsResponse();
        response.Jobs.AddRange(jobs.ListJobs(request.State, NullIfEmpty(request.SweepId), LimitOrDefault(request.Limit)));
        return Task.FromResult(response);
    }

    public override Task<Sweep> GetSweep(GetSweepRequest request, ServerCallContext context) =>
        Task.FromResult(jobs.FindSweep(request.SweepId) ?? throw NotFound($"No sweep '{request.SweepId}'."));

    public override Task<ListSweepsResponse> ListSweeps(ListSweepsRequest request, ServerCallContext context)
    {
        var response = new ListSweepsResponse();
        response.Sweeps.AddRange(jobs.ListSweeps(LimitOrDefault(request.Limit)));
        return Task.FromResult(response);
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

    private static int LimitOrDefault(int limit) => limit > 0 ? limit : DefaultListLimit;

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
