using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Registry.Artifacts;
using Mlops.Registry.V1;

namespace Mlops.Registry.Grpc;

public sealed partial class RegistryGrpcService
{
    public override async Task<Artifact> UploadArtifact(IAsyncStreamReader<UploadArtifactRequest> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != UploadArtifactRequest.PartOneofCase.Header)
        {
            throw RegistryException.InvalidArgument("An upload starts with one header message (name, media type, optional run id and expected sha256), then the chunks.");
        }

        var header = requestStream.Current.Header;
        return (await artifacts.UploadAsync(header.ToDomain(), Chunks(requestStream, context.CancellationToken), context.CancellationToken)).ToMessage();
    }

    public override async Task DownloadArtifact(DownloadArtifactRequest request, IServerStreamWriter<ArtifactChunk> responseStream, ServerCallContext context)
    {
        await using var content = await artifacts.OpenVerifiedAsync(request.Sha256, context.CancellationToken);
        var buffer = new byte[ArtifactStore.ChunkSize];
        int read;
        while ((read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new ArtifactChunk { Content = ByteString.CopyFrom(buffer, 0, read) }, context.CancellationToken);
        }
    }

    public override Task<Run> RemoveRunArtifact(RemoveRunArtifactRequest request, ServerCallContext context) =>
        Task.FromResult(artifacts.RemoveFromRun(request.RunId, request.Sha256).ToMessage());

    public override async Task<CollectGarbageResponse> CollectGarbage(CollectGarbageRequest request, ServerCallContext context) =>
        (await artifacts.CollectGarbageAsync(request.DryRun, garbageCollection.Value.MinimumAge, context.CancellationToken)).ToMessage();

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(
        IAsyncStreamReader<UploadArtifactRequest> requestStream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await requestStream.MoveNext(cancellationToken))
        {
            if (requestStream.Current.PartCase != UploadArtifactRequest.PartOneofCase.Chunk)
            {
                throw RegistryException.InvalidArgument("Only the first message of an upload is a header; every later one must be a chunk. Nothing was stored.");
            }

            yield return requestStream.Current.Chunk.Memory;
        }
    }
}
