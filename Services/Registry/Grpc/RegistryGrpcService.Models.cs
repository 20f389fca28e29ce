using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Grpc;

public sealed partial class RegistryGrpcService
{
    public override async Task<ModelVersion> RegisterModelVersion(RegisterModelVersionRequest request, ServerCallContext context) =>
        (await catalog.RegisterAsync(request.ToDomain(), context.CancellationToken)).ToMessage();

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var response = new ListModelsResponse();
        response.Models.AddRange(catalog.ListModels().Select(RegistryMapping.ToMessage));
        return Task.FromResult(response);
    }

    public override Task<ListModelVersionsResponse> ListModelVersions(ListModelVersionsRequest request, ServerCallContext context)
    {
        var response = new ListModelVersionsResponse();
        response.Versions.AddRange(catalog.ListVersions(request.ModelName, request.IncludeArchived).Select(RegistryMapping.ToMessage));
        return Task.FromResult(response);
    }

    public override Task<ModelVersion> GetModelVersion(GetModelVersionRequest request, ServerCallContext context) =>
        Task.FromResult(catalog.Resolve(request.Reference).ToMessage());

    public override Task<ModelVersion> ArchiveModelVersion(ArchiveModelVersionRequest request, ServerCallContext context) =>
        Task.FromResult(catalog.Archive(request.ModelName, request.Version).ToMessage());
}
