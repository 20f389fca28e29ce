using Google.Protobuf;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

/// <summary>Calls on the running service that several tests share.</summary>
internal static class ServiceCalls
{
    public static ImportDatasetRequest IdxImport(string name, string folder, bool withTest = true, IEnumerable<string>? classNames = null)
    {
        var request = new ImportDatasetRequest
        {
            Name = name,
            Idx = new V1.IdxSource
            {
                ImagesPath = Path.Combine(folder, FashionMnist.TrainImagesFile),
                LabelsPath = Path.Combine(folder, FashionMnist.TrainLabelsFile),
            },
        };
        if (withTest)
        {
            request.Idx.TestImagesPath = Path.Combine(folder, FashionMnist.TestImagesFile);
            request.Idx.TestLabelsPath = Path.Combine(folder, FashionMnist.TestLabelsFile);
        }

        request.ClassNames.AddRange(classNames ?? FashionMnist.ClassNames);
        return request;
    }

    public static async Task<(byte[] Pixels, byte[] Labels)> StreamAllAsync(
        IngestionService.IngestionServiceClient client, string versionId, Split split, int batchSize = 0, long offset = 0, long limit = 0)
    {
        using var call = client.StreamSamples(new StreamSamplesRequest { VersionId = versionId, Split = split, BatchSize = batchSize, Offset = offset, Limit = limit });
        using var pixels = new MemoryStream();
        using var labels = new MemoryStream();
        long expectedStart = offset;
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(expectedStart, batch.StartIndex);
            Assert.Equal(batch.Count, batch.Labels.Length);
            expectedStart += batch.Count;
            batch.Pixels.WriteTo(pixels);
            batch.Labels.WriteTo(labels);
        }

        return (pixels.ToArray(), labels.ToArray());
    }

    public static async Task<Dictionary<string, byte[]>> ExportAsync(IngestionService.IngestionServiceClient client, string versionId)
    {
        using var call = client.ExportDataset(new ExportDatasetRequest { VersionId = versionId });
        var files = new Dictionary<string, MemoryStream>();
        var hashes = new Dictionary<string, string>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            if (!files.TryGetValue(chunk.FileName, out var file))
            {
                files[chunk.FileName] = file = new MemoryStream();
            }

            chunk.Content.WriteTo(file);
            if (chunk.Sha256.Length > 0)
            {
                hashes[chunk.FileName] = chunk.Sha256;
            }
        }

        foreach (var (name, file) in files)
        {
            Assert.Equal(hashes[name], Storage.Sha256Hex.Of(file.ToArray()));
        }

        return files.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
    }

    public static async Task<ImportDatasetResponse> UploadAsync(
        IngestionService.IngestionServiceClient client, UploadHeader header, IEnumerable<UploadImage> images)
    {
        using var call = client.UploadDataset();
        await call.RequestStream.WriteAsync(new UploadDatasetRequest { Header = header });
        try
        {
            foreach (var image in images)
            {
                await call.RequestStream.WriteAsync(new UploadDatasetRequest { Image = image });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call early (a refused upload); its status comes with the response.
        }
        catch (InvalidOperationException)
        {
            // Writing after the server completed the call; its status comes with the response.
        }

        return await call.ResponseAsync;
    }

    /// <summary>Every image of a class folder tree as upload messages.</summary>
    public static IEnumerable<UploadImage> FolderAsUpload(string folder, Split split = Split.Train) =>
        Directory.EnumerateDirectories(folder).SelectMany(classFolder => Directory.EnumerateFiles(classFolder).Select(file => new UploadImage
        {
            ClassName = Path.GetFileName(classFolder),
            FileName = Path.GetFileName(file),
            Content = ByteString.CopyFrom(File.ReadAllBytes(file)),
            Split = split,
        }));
}
