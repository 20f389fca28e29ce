using Grpc.Core;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Grpc;

public sealed class IngestionGrpcService(IDatasetRepository datasets) : IngestionService.IngestionServiceBase
{
    public override Task<ListDatasetsResponse> ListDatasets(ListDatasetsRequest request, ServerCallContext context)
    {
        var response = new ListDatasetsResponse();
        response.Datasets.AddRange(datasets.ListDatasets());
        return Task.FromResult(response);
    }

    public override Task<ListVersionsResponse> ListVersions(ListVersionsRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw InvalidArgument("Give the dataset name whose versions to list.");
        }

        var response = new ListVersionsResponse();
        response.Versions.AddRange(datasets.ListVersions(request.Name));
        return Task.FromResult(response);
    }

    public override Task<DatasetVersion> GetDataset(GetDatasetRequest request, ServerCallContext context) =>
        Task.FromResult(FindVersion(request.Reference));

    private DatasetVersion FindVersion(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw InvalidArgument("Give a dataset version id, or a dataset name with an optional @tag.");
        }

        return datasets.Find(reference) ?? throw NotFound($"No dataset version matches '{reference}'.");
    }

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
