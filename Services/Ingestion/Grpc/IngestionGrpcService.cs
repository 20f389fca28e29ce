using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mlops.Ingestion.Configuration;
using Mlops.Ingestion.Events;
using Mlops.Ingestion.Importing;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Reading;
using Mlops.Ingestion.Repositories;
using Mlops.Ingestion.Retention;
using Mlops.Ingestion.V1;
using Mlops.Ingestion.Versioning;
using static Mlops.Ingestion.Grpc.IngestionStatus;
using ContractSplit = Mlops.Common.V1.Split;
using ImageShape = Mlops.Imaging.ImageShape;

namespace Mlops.Ingestion.Grpc;

public sealed class IngestionGrpcService(
    IDatasetRepository datasets,
    DatasetImporter importer,
    IdxDatasetReader idxReader,
    ClassFolderReader folderReader,
    VersionReader versions,
    VersionExporter exporter,
    DatasetEventBroadcaster events,
    VersionRetirement retirement,
    OrphanBlobCollector collector,
    IOptions<IngestionOptions> options) : IngestionService.IngestionServiceBase
{
    public const int DefaultBatchSize = 2048;
    public const int MaxBatchBytes = (4 << 20) - (64 << 10);
    public const int ExportChunkBytes = 1 << 20;
    public const int DefaultPageSize = 50;

    public override async Task<ImportDatasetResponse> ImportDataset(ImportDatasetRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = IngestionMessages.Settings(request.Name, request.Tags, request.Split);
        var classNames = request.ClassNames.ToList();
        var shape = IngestionMessages.Shape(request.Shape);
        Func<SourceDataset> read = request.SourceCase switch
        {
            ImportDatasetRequest.SourceOneofCase.Idx => () => idxReader.Read(IngestionMessages.IdxPaths(request.Idx), classNames, shape),
            ImportDatasetRequest.SourceOneofCase.Folder => () =>
                folderReader.Read(request.Folder.Path, request.Folder.TestPath, classNames, shape ?? ImageShape.Default),
            _ => throw InvalidArgument("Give a source: idx (an images and a labels file) or folder (a folder of class sub-folders)."),
        };
        var stored = await importer.ImportAsync(read, settings, context.CancellationToken);
        return Response(stored, started);
    }

    public override async Task<ImportDatasetResponse> UploadDataset(IAsyncStreamReader<UploadDatasetRequest> requestStream, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != UploadDatasetRequest.PartOneofCase.Header)
        {
            throw InvalidArgument("An upload starts with one header message (name, class names, split, shape, tags), then sends images.");
        }

        var header = requestStream.Current.Header;
        var settings = IngestionMessages.Settings(header.Name, header.Tags, header.Split);
        var shape = IngestionMessages.Shape(header.Shape) ?? ImageShape.Default;
        var uploaded = new UploadedImages(options.Value.MaxUploadBytes);
        DatasetNames.ValidateName(settings.Name);
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (message.PartCase != UploadDatasetRequest.PartOneofCase.Image)
            {
                throw DatasetImportException.Invalid("Only the first message of an upload may be a header; the rest must be images.");
            }

            var image = message.Image;
            uploaded.Add(image.ClassName, image.FileName, image.Split == ContractSplit.Test, image.Content.Memory);
        }

        if (uploaded.Images.Count == 0)
        {
            throw DatasetImportException.Invalid("The upload holds no images.");
        }

        var classNames = header.ClassNames.Count > 0 ? [.. header.ClassNames] : uploaded.ClassNamesFromImages();
        var stored = await importer.ImportAsync(
            () => EncodedImageDecoder.Decode(uploaded.Images, classNames, shape, $"upload:{uploaded.Images.Count} images"),
            settings, context.CancellationToken);
        return Response(stored, started);
    }

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

        var size = request.Page?.PageSize is > 0 and var requested ? Math.Min(requested, 500) : DefaultPageSize;
        var offset = 0;
        if (!string.IsNullOrEmpty(request.Page?.PageToken) &&
            !int.TryParse(request.Page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw InvalidArgument($"Page token '{request.Page.PageToken}' is not one this service gave out.");
        }

        var all = datasets.ListVersions(request.Name, request.IncludeArchived);
        var response = new ListVersionsResponse();
        response.Versions.AddRange(all.Skip(offset).Take(size));
        if (offset + size < all.Count)
        {
            response.NextPageToken = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    public override Task<DatasetVersion> GetDataset(GetDatasetRequest request, ServerCallContext context) =>
        Task.FromResult(FindVersion(request.Reference));

    public override Task<DatasetVersion> TagVersion(TagVersionRequest request, ServerCallContext context)
    {
        DatasetNames.ValidateTag(request.Tag);
        var version = FindVersion(request.VersionId);
        datasets.AddTags(version.Id, [request.Tag]);
        return Task.FromResult(datasets.Find(version.Id)!);
    }

    public override async Task<DeleteVersionResponse> DeleteVersion(DeleteVersionRequest request, ServerCallContext context)
    {
        var id = await retirement.DeleteAsync(ExistingId(request.VersionId), context.CancellationToken);
        return new DeleteVersionResponse { VersionId = id };
    }

    public override Task<DatasetVersion> ArchiveVersion(ArchiveVersionRequest request, ServerCallContext context) =>
        retirement.ArchiveAsync(ExistingId(request.VersionId), context.CancellationToken);

    public override async Task<CollectGarbageResponse> CollectGarbage(CollectGarbageRequest request, ServerCallContext context)
    {
        var collected = await DamagedVersionException.OnReadAsync("(every version)", () => collector.CollectAsync(request.DryRun, context.CancellationToken));
        var response = new CollectGarbageResponse { FreedBytes = collected.FreedBytes };
        response.RemovedSha256.AddRange(collected.RemovedSha256);
        return response;
    }

    public override async Task StreamSamples(StreamSamplesRequest request, IServerStreamWriter<SampleBatch> responseStream, ServerCallContext context)
    {
        var split = IngestionMessages.Split(request.Split);
        var (id, manifest) = await FindManifest(request.VersionId, context.CancellationToken);
        var images = await DamagedVersionException.OnReadAsync(id, () => versions.SplitAsync(manifest, split, context.CancellationToken));
        if (request.Offset < 0 || request.Offset > images.Count || request.Limit < 0)
        {
            throw InvalidArgument($"Offset {request.Offset} and limit {request.Limit} do not fit the {images.Count} images of the split (offset 0..{images.Count}, limit 0 for all).");
        }

        var end = request.Limit == 0 ? images.Count : (int)Math.Min(images.Count, request.Offset + request.Limit);
        var size = images.Shape.PixelCount;
        var batchSize = Math.Clamp(request.BatchSize > 0 ? request.BatchSize : DefaultBatchSize, 1, Math.Max(1, MaxBatchBytes / (size + 1)));
        for (var start = (int)request.Offset; start < end; start += batchSize)
        {
            var count = Math.Min(batchSize, end - start);
            // The cached arrays are never written, so batches point into them instead of copying.
            await responseStream.WriteAsync(new SampleBatch
            {
                StartIndex = start,
                Count = count,
                Pixels = UnsafeByteOperations.UnsafeWrap(images.Pixels.Slice(start * size, count * size)),
                Labels = UnsafeByteOperations.UnsafeWrap(images.Labels.Slice(start, count)),
            }, context.CancellationToken);
        }
    }

    public override async Task ExportDataset(ExportDatasetRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var (id, manifest) = await FindManifest(request.VersionId, context.CancellationToken);
        var files = exporter.ExportAsync(manifest, context.CancellationToken).GetAsyncEnumerator(context.CancellationToken);
        await using (files)
        {
            while (await DamagedVersionException.OnReadAsync(id, async () => await files.MoveNextAsync()))
            {
                var file = files.Current;
                for (var offset = 0; offset < file.Content.Length; offset += ExportChunkBytes)
                {
                    var length = Math.Min(ExportChunkBytes, file.Content.Length - offset);
                    var last = offset + length == file.Content.Length;
                    await responseStream.WriteAsync(new FileChunk
                    {
                        FileName = file.FileName,
                        Content = UnsafeByteOperations.UnsafeWrap(file.Content.Slice(offset, length)),
                        Sha256 = last ? file.Sha256 : "",
                    }, context.CancellationToken);
                }
            }
        }
    }

    public override async Task<DatasetProfile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var version = FindVersion(request.VersionId);
        var bytes = await DamagedVersionException.OnReadAsync(version.Id, () => versions.ProfileAsync(version.Id, context.CancellationToken));
        return DatasetProfile.Parser.ParseFrom(bytes ?? throw NotFound($"No dataset version matches '{request.VersionId}'."));
    }

    public override async Task WatchDatasets(WatchDatasetsRequest request, IServerStreamWriter<DatasetEvent> responseStream, ServerCallContext context)
    {
        using var subscription = events.Subscribe(request.Name);
        try
        {
            // Headers tell the watcher it is subscribed: every version created from now on reaches it.
            await context.WriteResponseHeadersAsync([]);
            await foreach (var version in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(new DatasetEvent { Version = version }, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away; nothing to report.
        }
    }

    private async Task<(string Id, VersionManifest Manifest)> FindManifest(string reference, CancellationToken cancellationToken)
    {
        var id = FindVersion(reference).Id;
        var manifest = await DamagedVersionException.OnReadAsync(id, () => versions.ManifestAsync(id, cancellationToken));
        return (id, manifest ?? throw NotFound($"No dataset version matches '{reference}'."));
    }

    private string ExistingId(string versionId)
    {
        var id = versionId.Trim();
        if (!Mlops.Storage.Sha256Hex.IsValid(id))
        {
            throw InvalidArgument(
                $"'{Mlops.ServiceDefaults.EchoedInput.Of(versionId)}' is not a version id: give the full id (64 lowercase hexadecimal digits); " +
                "deleting and archiving name exactly one version.");
        }

        return datasets.Exists(id) ? id : throw NotFound($"No dataset version {id}; `mlops data list` shows them.");
    }

    private DatasetVersion FindVersion(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw InvalidArgument("Give a dataset version id, or a dataset name with an optional @tag.");
        }

        return datasets.Find(reference) ?? throw NotFound($"No dataset version matches '{reference}'.");
    }

    private static ImportDatasetResponse Response(StoredVersion stored, long started) => new()
    {
        Version = stored.Version,
        Created = stored.Created,
        Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
    };
}
