using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

/// <summary>Every kind of bad input, against the running service: a clear status, and nothing left behind.</summary>
[Collection(IngestionServiceCollection.Name)]
public sealed class BadInputServiceTests(IngestionServiceProcess service)
{
    private IngestionService.IngestionServiceClient Client => service.Client;

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(service.ImportFolder, "bad", name)).FullName;

    private async Task AssertRefusedAsync(string name, Func<Task> call, StatusCode code, string messagePart)
    {
        var blobs = service.Blobs();

        var error = await Assert.ThrowsAsync<RpcException>(call);

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(messagePart, error.Status.Detail);
        Assert.Equal(blobs, service.Blobs());
        Assert.DoesNotContain(name, (await Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Select(dataset => dataset.Name));
        Assert.Empty((await Client.ListVersionsAsync(new ListVersionsRequest { Name = name })).Versions);
    }

    private Task AssertImportRefusedAsync(ImportDatasetRequest request, StatusCode code, string messagePart) =>
        AssertRefusedAsync(request.Name, () => Client.ImportDatasetAsync(request).ResponseAsync, code, messagePart);

    private static ImportDatasetRequest IdxRequest(string name, string images, string labels) => new()
    {
        Name = name,
        Idx = new V1.IdxSource { ImagesPath = images, LabelsPath = labels },
    };

    [Fact]
    public async Task Corrupt_gzip()
    {
        var images = Path.Combine(Folder("gzip"), "images.gz");
        var bytes = File.ReadAllBytes(TestData.Sample(FashionMnist.TrainImagesFile));
        bytes.AsSpan(bytes.Length / 2, 4096).Fill(0x55);
        File.WriteAllBytes(images, bytes);

        await AssertImportRefusedAsync(IdxRequest("corrupt-gzip", images, TestData.Sample(FashionMnist.TrainLabelsFile)),
            StatusCode.InvalidArgument, "gzip");
    }

    [Fact]
    public async Task Idx_header_count_that_does_not_match_the_data()
    {
        var images = IdxReader.ReadImages(TestData.Sample(FashionMnist.TrainImagesFile));
        using var plain = new MemoryStream();
        IdxWriter.WriteImages(plain, images);
        var bytes = plain.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), images.Count + 5);
        var path = Path.Combine(Folder("header"), "images.idx");
        File.WriteAllBytes(path, bytes);

        await AssertImportRefusedAsync(IdxRequest("header-mismatch", path, TestData.Sample(FashionMnist.TrainLabelsFile)),
            StatusCode.InvalidArgument, "says 3005 images");
    }

    [Fact]
    public async Task Image_and_label_counts_that_differ()
    {
        var labels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TrainLabelsFile));
        var path = Path.Combine(Folder("counts"), "labels.idx.gz");
        IdxWriter.WriteLabels(path, labels[..^1]);

        await AssertImportRefusedAsync(IdxRequest("count-mismatch", TestData.Sample(FashionMnist.TrainImagesFile), path),
            StatusCode.InvalidArgument, "holds 3000 images but");
    }

    [Fact]
    public async Task Labels_outside_the_class_list()
    {
        var request = ServiceCalls.IdxImport("labels-outside", TestData.SampleFolder, classNames: ["a", "b", "c"]);

        await AssertImportRefusedAsync(request, StatusCode.InvalidArgument, "outside the 3 classes");
    }

    [Fact]
    public async Task Undecodable_image_in_a_folder_and_in_an_upload()
    {
        var folder = Folder("undecodable");
        var grey = new byte[28 * 28];
        Directory.CreateDirectory(Path.Combine(folder, "ok"));
        File.WriteAllBytes(Path.Combine(folder, "ok", "fine.png"), ImageEncoder.EncodePng(grey, 28, 28));
        Directory.CreateDirectory(Path.Combine(folder, "broken"));
        File.WriteAllBytes(Path.Combine(folder, "broken", "garbage.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]);

        await AssertImportRefusedAsync(new ImportDatasetRequest { Name = "undecodable", Folder = new FolderSource { Path = folder } },
            StatusCode.InvalidArgument, "garbage.png");
        await AssertRefusedAsync("undecodable-upload",
            () => ServiceCalls.UploadAsync(Client, new UploadHeader { Name = "undecodable-upload" }, ServiceCalls.FolderAsUpload(folder)),
            StatusCode.InvalidArgument, "garbage.png");
    }

    [Fact]
    public async Task Empty_class_folder()
    {
        var folder = Folder("empty-class");
        Directory.CreateDirectory(Path.Combine(folder, "full"));
        File.WriteAllBytes(Path.Combine(folder, "full", "a.png"), ImageEncoder.EncodePng(new byte[784], 28, 28));
        Directory.CreateDirectory(Path.Combine(folder, "empty"));

        await AssertImportRefusedAsync(new ImportDatasetRequest { Name = "empty-class", Folder = new FolderSource { Path = folder } },
            StatusCode.InvalidArgument, "holds no PNG or JPEG images");
    }

    [Fact]
    public async Task Paths_outside_the_import_roots()
    {
        var outside = Directory.CreateTempSubdirectory("mlops-outside-").FullName;
        try
        {
            File.Copy(TestData.Sample(FashionMnist.TrainImagesFile), Path.Combine(outside, "images.gz"));
            File.Copy(TestData.Sample(FashionMnist.TrainLabelsFile), Path.Combine(outside, "labels.gz"));
            var link = Path.Combine(Folder("links"), "out");
            Directory.CreateSymbolicLink(link, outside);

            await AssertImportRefusedAsync(IdxRequest("outside-absolute", Path.Combine(outside, "images.gz"), Path.Combine(outside, "labels.gz")),
                StatusCode.PermissionDenied, "outside the folders imports may read");
            var escape = Path.Combine(service.ImportFolder, "..", "..", "..", outside.TrimStart('/'));
            await AssertImportRefusedAsync(IdxRequest("outside-dotdot", Path.Combine(escape, "images.gz"), Path.Combine(escape, "labels.gz")),
                StatusCode.PermissionDenied, "outside the folders imports may read");
            await AssertImportRefusedAsync(IdxRequest("outside-symlink", Path.Combine(link, "images.gz"), Path.Combine(link, "labels.gz")),
                StatusCode.PermissionDenied, $"leads to {outside}");
            await AssertImportRefusedAsync(new ImportDatasetRequest { Name = "outside-folder", Folder = new FolderSource { Path = "/etc" } },
                StatusCode.PermissionDenied, "outside the folders imports may read");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_over_the_size_limit()
    {
        var chunk = ByteString.CopyFrom(new byte[256 << 10]);
        var images = Enumerable.Range(0, (int)(IngestionServiceProcess.UploadLimitBytes / chunk.Length) + 2)
            .Select(i => new UploadImage { ClassName = "big", FileName = $"{i}.png", Content = chunk });

        await AssertRefusedAsync("too-big",
            () => ServiceCalls.UploadAsync(Client, new UploadHeader { Name = "too-big" }, images),
            StatusCode.InvalidArgument, "Ingestion:MaxUploadBytes");
    }

    [Fact]
    public async Task Requests_without_a_source_or_with_a_bad_name()
    {
        await AssertImportRefusedAsync(new ImportDatasetRequest { Name = "no-source" }, StatusCode.InvalidArgument, "Give a source");
        await AssertImportRefusedAsync(ServiceCalls.IdxImport("bad name!", TestData.SampleFolder), StatusCode.InvalidArgument, "not a valid dataset name");
        await AssertImportRefusedAsync(
            IdxRequest("missing-file", Path.Combine(service.ImportFolder, "none.gz"), Path.Combine(service.ImportFolder, "none-labels.gz")),
            StatusCode.NotFound, "does not exist");
        await AssertRefusedAsync("no-header",
            async () =>
            {
                using var call = Client.UploadDataset();
                await call.RequestStream.WriteAsync(new UploadDatasetRequest { Image = new UploadImage { ClassName = "a" } });
                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            },
            StatusCode.InvalidArgument, "starts with one header");
    }
}
