using System.Runtime.CompilerServices;
using Grpc.Core;
using Mlops.Common.V1;

namespace Mlops.Ingestion.V1;

public static class IngestionClientExtensions
{
    /// <summary>
    /// A dataset version's test split from Ingestion's StreamSamples, batch by batch. A failing call is handed to
    /// <paramref name="translate"/>, so each caller reports it in its own service's terms.
    /// </summary>
    public static async IAsyncEnumerable<SampleBatch> ReadTestSplitAsync(
        this IngestionService.IngestionServiceClient ingestion,
        string datasetVersion,
        int batchSize,
        int maxSamples,
        Func<RpcException, Exception> translate,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = ingestion.StreamSamples(
            new StreamSamplesRequest { VersionId = datasetVersion, Split = Split.Test, BatchSize = batchSize, Limit = maxSamples },
            cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        while (true)
        {
            try
            {
                if (!await stream.MoveNext(cancellationToken))
                {
                    yield break;
                }
            }
            catch (RpcException error)
            {
                throw translate(error);
            }

            yield return stream.Current;
        }
    }
}
