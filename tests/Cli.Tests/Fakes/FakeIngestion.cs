using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>An ingestion service with one dataset version; exports two files in small chunks, optionally announcing a wrong hash for the second.</summary>
public sealed class FakeIngestion : IngestionService.IngestionServiceBase
{
    public static readonly byte[] ImagesFile = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
    public static readonly byte[] LabelsFile = Enumerable.Range(0, 3_000).Select(i => (byte)(i % 10)).ToArray();

    public bool CorruptSecondFile { get; set; }

    /// <summary>When set, DeleteVersion refuses as the service does for a version in use, naming this user.</summary>
    public string? InUseBy { get; set; }

    public List<string> DeletedIds { get; } = [];

    public UploadHeader? UploadedHeader { get; private set; }

    public List<UploadImage> UploadedImages { get; } = [];

    public static DatasetVersion Version()
    {
        var version = new DatasetVersion
        {
            Id = "5f2c9a1e7b3d4c6a8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
            Name = "fashion-mnist",
            Source = "idx",
            Shape = new ImageShape { Channels = 1, Height = 28, Width = 28 },
            ClassNames = { "T-shirt/top", "Trouser" },
            SizeBytes = 13_000,
            Tags = { "sample" },
        };
        version.Splits.Add(Split(Common.V1.Split.Train, 2700, 1350));
        version.Splits.Add(Split(Common.V1.Split.Test, 1000, 500));
        return version;
    }

    public override Task<DeleteVersionResponse> DeleteVersion(DeleteVersionRequest request, ServerCallContext context)
    {
        if (InUseBy is { } user)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Dataset version {request.VersionId} is in use by {user}. Nothing was deleted."));
        }

        DeletedIds.Add(request.VersionId);
        return Task.FromResult(new DeleteVersionResponse { VersionId = request.VersionId });
    }

    public override Task<DatasetVersion> GetDataset(GetDatasetRequest request, ServerCallContext context) =>
        request.Reference is "fashion-mnist" or "fashion-mnist@latest" || Version().Id.StartsWith(request.Reference, StringComparison.Ordinal)
            ? Task.FromResult(Version())
            : throw new RpcException(new Status(StatusCode.NotFound, $"No dataset version matches '{request.Reference}'."));

    public override Task<ListDatasetsResponse> ListDatasets(ListDatasetsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListDatasetsResponse { Datasets = { new DatasetSummary { Name = "fashion-mnist", VersionCount = 2, Latest = Version() } } });

    public override async Task ExportDataset(ExportDatasetRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        if (request.VersionId != Version().Id)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Version '{request.VersionId}' does not exist."));
        }

        await WriteFileAsync(responseStream, "train-images-idx3-ubyte.gz", ImagesFile, corrupt: false);
        await WriteFileAsync(responseStream, "train-labels-idx1-ubyte.gz", LabelsFile, CorruptSecondFile);
    }

    public override async Task<ImportDatasetResponse> UploadDataset(IAsyncStreamReader<UploadDatasetRequest> requestStream, ServerCallContext context)
    {
        await foreach (var part in requestStream.ReadAllAsync())
        {
            if (part.PartCase == UploadDatasetRequest.PartOneofCase.Header)
            {
                UploadedHeader = part.Header;
            }
            else
            {
                UploadedImages.Add(part.Image);
            }
        }

        var version = Version();
        version.Name = UploadedHeader!.Name;
        version.Source = "upload";
        return new ImportDatasetResponse { Version = version, Created = true, Seconds = 0.42 };
    }

    private static async Task WriteFileAsync(IServerStreamWriter<FileChunk> stream, string name, byte[] content, bool corrupt)
    {
        const int chunkSize = 4096;
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        if (corrupt)
        {
            sha = new string('0', 64);
        }

        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, content.Length - offset);
            var last = offset + length >= content.Length;
            await stream.WriteAsync(new FileChunk { FileName = name, Content = ByteString.CopyFrom(content, offset, length), Sha256 = last ? sha : "" });
        }
    }

    private static SplitSummary Split(Split split, long count, long perClass) => new()
    {
        Split = split,
        Count = count,
        Classes =
        {
            new ClassCount { Label = 0, ClassName = "T-shirt/top", Count = perClass },
            new ClassCount { Label = 1, ClassName = "Trouser", Count = count - perClass },
        },
    };
}
