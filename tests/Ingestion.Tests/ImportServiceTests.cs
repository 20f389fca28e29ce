using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Tests;

[Collection(IngestionServiceCollection.Name)]
public sealed class ImportServiceTests(IngestionServiceProcess service)
{
    private IngestionService.IngestionServiceClient Client => service.Client;

    [Fact]
    public async Task Importing_the_sample_twice_gives_one_version_with_the_same_id_and_a_profile()
    {
        var request = ServiceCalls.IdxImport("sample-twice", TestData.SampleFolder);
        request.Split = new SplitPolicy { ValidationFraction = 0.1, Seed = 101 };

        var first = await Client.ImportDatasetAsync(request);
        var blobs = service.Blobs();
        var second = await Client.ImportDatasetAsync(request);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Version.Id, second.Version.Id);
        Assert.Equal(64, first.Version.Id.Length);
        Assert.Equal(blobs, service.Blobs());
        Assert.Single((await Client.ListVersionsAsync(new ListVersionsRequest { Name = "sample-twice" })).Versions);

        var profile = await Client.GetProfileAsync(new GetProfileRequest { VersionId = first.Version.Id });
        Assert.Equal([Split.Train, Split.Validation, Split.Test], profile.Splits.Select(split => split.Split));
        Assert.All(profile.Splits, split =>
        {
            Assert.Equal(ImageFeatures.Names, split.Features.Select(feature => feature.Name));
            Assert.All(split.Features, feature => Assert.Equal(101, feature.Quantiles.Count));
        });
        var test = profile.Splits.Single(split => split.Split == Split.Test);
        Assert.All(test.Classes, count => Assert.Equal(100, count.Count));
        Assert.All(test.Features, feature => Assert.Equal(1000, feature.Count));
        Assert.All(test.Features, feature => Assert.Equal(1000, feature.Sample.Count));
    }

    [FullDatasetFact]
    public async Task Importing_full_Fashion_MNIST_twice_gives_one_version_of_60000_and_10000_images()
    {
        var request = ServiceCalls.IdxImport("fashion-mnist", FashionMnist.SystemDirectory);
        var first = await Client.ImportDatasetAsync(request, deadline: DateTime.UtcNow.AddMinutes(5));
        var second = await Client.ImportDatasetAsync(request, deadline: DateTime.UtcNow.AddMinutes(5));

        Assert.Equal(first.Version.Id, second.Version.Id);
        Assert.False(second.Created);
        Assert.Single((await Client.ListVersionsAsync(new ListVersionsRequest { Name = "fashion-mnist" })).Versions);
        var version = first.Version;
        Assert.Equal(10, version.ClassNames.Count);
        var splits = version.Splits.ToDictionary(split => split.Split);
        Assert.Equal(60_000, splits[Split.Train].Count + splits[Split.Validation].Count);
        Assert.Equal(10_000, splits[Split.Test].Count);
        for (int label = 0; label < 10; label++)
        {
            Assert.Equal(6_000, splits[Split.Train].Classes[label].Count + splits[Split.Validation].Classes[label].Count);
            Assert.Equal(600, splits[Split.Validation].Classes[label].Count);
            Assert.Equal(1_000, splits[Split.Test].Classes[label].Count);
        }
    }

    [Fact]
    public async Task A_folder_import_and_an_upload_of_the_same_images_give_the_same_version()
    {
        var images = IdxReader.ReadImages(TestData.Sample(FashionMnist.TrainImagesFile));
        var labels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TrainLabelsFile));
        string[] classes = [.. Enumerable.Range(0, 10).Select(label => $"class-{label}")];
        var folder = TestData.WriteClassFolder(Path.Combine(service.ImportFolder, "same-images"), images, labels, classes, 300);

        var fromFolder = await Client.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "from-folder",
            Folder = new FolderSource { Path = folder },
            Split = new SplitPolicy { ValidationFraction = 0.2, TestFraction = 0.1, Seed = 5 },
        });
        var fromUpload = await ServiceCalls.UploadAsync(Client,
            new UploadHeader { Name = "from-upload", Split = new SplitPolicy { ValidationFraction = 0.2, TestFraction = 0.1, Seed = 5 } },
            ServiceCalls.FolderAsUpload(folder).Reverse());

        Assert.True(fromFolder.Created);
        Assert.False(fromUpload.Created);
        Assert.Equal(fromFolder.Version.Id, fromUpload.Version.Id);
        Assert.Equal(classes, fromFolder.Version.ClassNames);
        Assert.Equal(300, fromFolder.Version.Splits.Sum(split => split.Count));
    }

    [Fact]
    public async Task An_explicit_test_folder_and_upload_test_images_become_the_test_split()
    {
        var images = IdxReader.ReadImages(TestData.Sample(FashionMnist.TestImagesFile));
        var labels = IdxReader.ReadLabels(TestData.Sample(FashionMnist.TestLabelsFile));
        string[] classes = [.. Enumerable.Range(0, 10).Select(label => $"k{label}")];
        var train = TestData.WriteClassFolder(Path.Combine(service.ImportFolder, "explicit-train"), images, labels, classes, 100);
        var test = Path.Combine(service.ImportFolder, "explicit-test");
        for (int label = 0; label < 3; label++)
        {
            var classFolder = Directory.CreateDirectory(Path.Combine(test, classes[label])).FullName;
            File.Copy(Directory.EnumerateFiles(Path.Combine(train, classes[label])).First(), Path.Combine(classFolder, "t.png"));
        }

        var fromFolder = await Client.ImportDatasetAsync(new ImportDatasetRequest
        {
            Name = "explicit-test",
            Folder = new FolderSource { Path = train, TestPath = test },
        });
        var fromUpload = await ServiceCalls.UploadAsync(Client, new UploadHeader { Name = "explicit-test" },
            ServiceCalls.FolderAsUpload(train).Concat(ServiceCalls.FolderAsUpload(test, Split.Test)));

        Assert.Equal(3, fromFolder.Version.Splits.Single(split => split.Split == Split.Test).Count);
        Assert.Equal(100, fromFolder.Version.Splits.Where(split => split.Split != Split.Test).Sum(split => split.Count));
        Assert.Equal(fromFolder.Version.Id, fromUpload.Version.Id);
    }

    [Fact]
    public async Task Versions_are_listed_newest_first_and_found_by_tag()
    {
        var ids = new List<string>();
        foreach (var seed in new[] { 11, 12, 13 })
        {
            var request = ServiceCalls.IdxImport("tagged", TestData.SampleFolder);
            request.Split = new SplitPolicy { ValidationFraction = 0.1, Seed = seed };
            ids.Add((await Client.ImportDatasetAsync(request)).Version.Id);
        }

        var listed = await Client.ListVersionsAsync(new ListVersionsRequest { Name = "tagged" });
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.Versions.Select(version => version.Id));

        await Client.TagVersionAsync(new TagVersionRequest { VersionId = ids[0], Tag = "baseline" });
        Assert.Equal(ids[0], (await Client.GetDatasetAsync(new GetDatasetRequest { Reference = "tagged@baseline" })).Id);
        Assert.Equal(ids[2], (await Client.GetDatasetAsync(new GetDatasetRequest { Reference = "tagged@latest" })).Id);
        Assert.Equal(ids[1], (await Client.GetDatasetAsync(new GetDatasetRequest { Reference = ids[1][..12] })).Id);

        // A tag names one version of a dataset: tagging another moves it.
        await Client.TagVersionAsync(new TagVersionRequest { VersionId = ids[1], Tag = "baseline" });
        Assert.Equal(ids[1], (await Client.GetDatasetAsync(new GetDatasetRequest { Reference = "tagged@baseline" })).Id);

        var page = await Client.ListVersionsAsync(new ListVersionsRequest { Name = "tagged", Page = new PageRequest { PageSize = 2 } });
        var rest = await Client.ListVersionsAsync(new ListVersionsRequest { Name = "tagged", Page = new PageRequest { PageSize = 2, PageToken = page.NextPageToken } });
        Assert.Equal(ids.AsEnumerable().Reverse(), page.Versions.Concat(rest.Versions).Select(version => version.Id));
        Assert.Equal("", rest.NextPageToken);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.TagVersionAsync(new TagVersionRequest { VersionId = ids[0], Tag = "latest" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
