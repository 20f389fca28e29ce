using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

[Collection(IngestionServiceCollection.Name)]
public sealed class ReadServiceTests(IngestionServiceProcess service)
{
    private IngestionService.IngestionServiceClient Client => service.Client;

    private async Task<DatasetVersion> ImportSampleAsync(int seed)
    {
        var request = ServiceCalls.IdxImport("reading", TestData.SampleFolder);
        request.Split = new SplitPolicy { ValidationFraction = 0.2, Seed = seed };
        return (await Client.ImportDatasetAsync(request)).Version;
    }

    [Fact]
    public async Task StreamSamples_returns_exactly_the_stored_pixels_in_source_order()
    {
        var version = await ImportSampleAsync(21);
        var sourceTest = IdxReader.ReadImages(TestData.Sample(FashionMnist.TestImagesFile));
        var sourceTrain = IdxReader.ReadImages(TestData.Sample(FashionMnist.TrainImagesFile));

        var test = await ServiceCalls.StreamAllAsync(Client, version.Id, Split.Test, batchSize: 333);
        var train = await ServiceCalls.StreamAllAsync(Client, version.Id, Split.Train);
        var validation = await ServiceCalls.StreamAllAsync(Client, version.Id, Split.Validation);

        Assert.Equal(sourceTest.Pixels, test.Pixels);
        Assert.Equal(IdxReader.ReadLabels(TestData.Sample(FashionMnist.TestLabelsFile)), test.Labels);
        Assert.Equal(2400, train.Labels.Length);
        Assert.Equal(600, validation.Labels.Length);
        Assert.True(IsSubsequence(train.Pixels, sourceTrain), "train images keep the source order");
        Assert.True(IsSubsequence(validation.Pixels, sourceTrain), "validation images keep the source order");
    }

    [Fact]
    public async Task StreamSamples_honours_offset_limit_and_batch_size()
    {
        var version = await ImportSampleAsync(22);
        var all = await ServiceCalls.StreamAllAsync(Client, version.Id, Split.Test);

        var slice = await ServiceCalls.StreamAllAsync(Client, version.Id, Split.Test, batchSize: 7, offset: 100, limit: 50);

        Assert.Equal(all.Pixels.AsSpan(100 * 784, 50 * 784).ToArray(), slice.Pixels);
        Assert.Equal(all.Labels.AsSpan(100, 50).ToArray(), slice.Labels);
        var error = await Assert.ThrowsAsync<RpcException>(() => ServiceCalls.StreamAllAsync(Client, version.Id, Split.Test, offset: 1001));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var noSplit = await Assert.ThrowsAsync<RpcException>(() => ServiceCalls.StreamAllAsync(Client, version.Id, Split.Unspecified));
        Assert.Equal(StatusCode.InvalidArgument, noSplit.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => ServiceCalls.StreamAllAsync(Client, new string('0', 64), Split.Test));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Export_round_trips_through_IdxReader()
    {
        var version = await ImportSampleAsync(23);

        var files = await ServiceCalls.ExportAsync(Client, version.Id);

        Assert.Equal(
            ["test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "validation-images-idx3-ubyte.gz", "validation-labels-idx1-ubyte.gz"],
            files.Keys.Order());
        foreach (var (split, name) in new[] { (Split.Train, "train"), (Split.Validation, "validation"), (Split.Test, "test") })
        {
            var streamed = await ServiceCalls.StreamAllAsync(Client, version.Id, split);
            var images = IdxReader.ReadImages(new MemoryStream(files[$"{name}-images-idx3-ubyte.gz"]));
            var labels = IdxReader.ReadLabels(new MemoryStream(files[$"{name}-labels-idx1-ubyte.gz"]));
            Assert.Equal((28, 28), (images.Height, images.Width));
            Assert.Equal(streamed.Pixels, images.Pixels);
            Assert.Equal(streamed.Labels, labels);
        }
    }

    [Fact]
    public async Task WatchDatasets_sends_each_new_version_of_the_watched_dataset()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var watch = Client.WatchDatasets(new WatchDatasetsRequest { Name = "watched" }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;
        var next = watch.ResponseStream.MoveNext(cancel.Token);

        var other = ServiceCalls.IdxImport("not-watched", TestData.SampleFolder);
        other.Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 31 };
        await Client.ImportDatasetAsync(other);
        var request = ServiceCalls.IdxImport("watched", TestData.SampleFolder);
        request.Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 32 };
        var imported = await Client.ImportDatasetAsync(request);
        Assert.True(imported.Created);

        Assert.True(await next);
        Assert.Equal(imported.Version.Id, watch.ResponseStream.Current.Version.Id);
        Assert.Equal("watched", watch.ResponseStream.Current.Version.Name);
    }

    private static bool IsSubsequence(byte[] pixels, IdxImages source)
    {
        int size = source.PixelsPerImage, next = 0;
        for (int i = 0; i < pixels.Length / size; i++)
        {
            var image = pixels.AsSpan(i * size, size);
            while (next < source.Count && !source.GetImage(next).SequenceEqual(image))
            {
                next++;
            }

            if (next++ == source.Count)
            {
                return false;
            }
        }

        return true;
    }
}
