using Google.Protobuf;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

/// <summary>Inputs the outside bad-input run found answered UNKNOWN or stored as given: a clear status, nothing stored.</summary>
[Collection(IngestionServiceCollection.Name)]
public sealed class HostileInputServiceTests(IngestionServiceProcess service)
{
    private IngestionService.IngestionServiceClient Client => service.Client;

    private async Task<RpcException> RefusedAsync(string name, Func<Task> call)
    {
        var blobs = service.Blobs();
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(blobs, service.Blobs());
        Assert.Empty((await Client.ListVersionsAsync(new ListVersionsRequest { Name = name })).Versions);
        return error;
    }

    [Theory]
    [InlineData("images\0.gz")]
    [InlineData("images\n.gz")]
    public async Task A_control_character_in_an_import_path_is_invalid(string file)
    {
        var path = Path.Combine(service.ImportFolder, file);

        var error = await RefusedAsync("nul-path", () => Client.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "nul-path",
            Idx = new V1.IdxSource { ImagesPath = path, LabelsPath = path },
        }).ResponseAsync);

        Assert.Contains("control characters", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../x.png")]
    [InlineData("..\\..\\x.png")]
    [InlineData("..")]
    [InlineData("a\0b.png")]
    public async Task An_upload_file_name_that_is_a_path_is_refused_not_stored(string fileName)
    {
        var png = ByteString.CopyFrom(ImageEncoder.EncodePng(new byte[784], 28, 28));
        var images = new[]
        {
            new UploadImage { ClassName = "shirt", FileName = "fine.png", Content = png },
            new UploadImage { ClassName = "shoe", FileName = fileName, Content = png },
        };

        var error = await RefusedAsync("traversal", () => ServiceCalls.UploadAsync(Client, new UploadHeader { Name = "traversal" }, images));

        Assert.Contains("plain name", error.Status.Detail, StringComparison.Ordinal);
    }
}
