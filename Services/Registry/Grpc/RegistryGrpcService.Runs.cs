using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Grpc;

public sealed partial class RegistryGrpcService
{
    public override Task<Run> CreateRun(CreateRunRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Create(request.ToDomain()).ToMessage());

    public override Task<LogMetricsResponse> LogMetrics(LogMetricsRequest request, ServerCallContext context) =>
        Task.FromResult(new LogMetricsResponse { Accepted = runs.LogMetrics(request.RunId, [.. request.Points.Select(RegistryMapping.ToDomain)]) });

    public override Task<Run> FinishRun(FinishRunRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Finish(request.ToDomain()).ToMessage());

    public override Task<Run> GetRun(GetRunRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Get(request.RunId).ToMessage());

    public override Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var (page, next) = runs.List(request.ToDomain());
        var response = new ListRunsResponse { NextPageToken = next };
        response.Runs.AddRange(page.Select(RegistryMapping.ToMessage));
        return Task.FromResult(response);
    }

    public override Task<MetricHistory> GetMetricHistory(GetMetricHistoryRequest request, ServerCallContext context)
    {
        var history = new MetricHistory { RunId = request.RunId, Key = request.Key };
        history.Points.AddRange(runs.MetricHistory(request.RunId, request.Key).Select(RegistryMapping.ToMessage));
        return Task.FromResult(history);
    }

    public override Task<DeleteRunResponse> DeleteRun(DeleteRunRequest request, ServerCallContext context) =>
        Task.FromResult(retirement.Delete(request.RunId).ToMessage());

    public override Task<Run> ArchiveRun(ArchiveRunRequest request, ServerCallContext context) =>
        Task.FromResult(retirement.Archive(request.RunId).ToMessage());

    public override Task<DatasetUsage> GetDatasetUsage(GetDatasetUsageRequest request, ServerCallContext context) =>
        Task.FromResult(retirement.UsageOf(request.DatasetVersion).ToMessage());

    public override Task<RunComparison> CompareRuns(CompareRunsRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Compare(request.RunIds).ToMessage());
}
