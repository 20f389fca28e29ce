using Grpc.Core;
using Mlops.Registry.Repositories;
using Mlops.Registry.V1;

namespace Mlops.Registry.Grpc;

public sealed class RegistryGrpcService(IRunRepository runs, IModelRepository models) : RegistryService.RegistryServiceBase
{
    private const int DefaultPageSize = 100;

    public override Task<Run> GetRun(GetRunRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Find(request.RunId) ?? throw NotFound($"No run '{request.RunId}'."));

    public override Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var pageSize = request.Page?.PageSize > 0 ? request.Page.PageSize : DefaultPageSize;
        var response = new ListRunsResponse();
        response.Runs.AddRange(runs.List(NullIfEmpty(request.Experiment), request.Status, NullIfEmpty(request.DatasetVersion), pageSize));
        return Task.FromResult(response);
    }

    public override Task<MetricHistory> GetMetricHistory(GetMetricHistoryRequest request, ServerCallContext context)
    {
        _ = runs.Find(request.RunId) ?? throw NotFound($"No run '{request.RunId}'.");
        var history = new MetricHistory { RunId = request.RunId, Key = request.Key };
        history.Points.AddRange(runs.MetricHistory(request.RunId, request.Key));
        return Task.FromResult(history);
    }

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var response = new ListModelsResponse();
        response.Models.AddRange(models.ListModels());
        return Task.FromResult(response);
    }

    public override Task<ListModelVersionsResponse> ListModelVersions(ListModelVersionsRequest request, ServerCallContext context)
    {
        var response = new ListModelVersionsResponse();
        response.Versions.AddRange(models.ListVersions(request.ModelName, request.IncludeArchived));
        return Task.FromResult(response);
    }

    public override Task<ModelVersion> GetModelVersion(GetModelVersionRequest request, ServerCallContext context)
    {
        if (!ModelReference.TryParse(request.Reference, out var reference))
        {
            throw InvalidArgument($"'{request.Reference}' is not a model reference: use name, name@alias or name/version.");
        }

        var version = reference.Version
            ?? (reference.Alias is not null
                ? models.ResolveAlias(reference.ModelName, reference.Alias)
                : models.ListVersions(reference.ModelName, includeArchived: false).FirstOrDefault()?.Version);
        var found = version is null ? null : models.FindVersion(reference.ModelName, version.Value);
        return Task.FromResult(found ?? throw NotFound($"No model version matches '{reference}'."));
    }

    public override Task<AliasHistory> GetAliasHistory(GetAliasHistoryRequest request, ServerCallContext context)
    {
        var history = new AliasHistory();
        history.Changes.AddRange(models.AliasHistory(request.ModelName, NullIfEmpty(request.Alias)));
        return Task.FromResult(history);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
