using System.Diagnostics;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Ingestion.Tests;

/// <summary>
/// A disk that fills up in the middle of an import, for real: the service's data root is a small tmpfs (the tests run as
/// root, as CI does), filled until less than the import needs is left. The import must fail with a status that says the
/// storage is full, leave no version and no temporary file behind, keep the service healthy, and succeed once space is freed.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string mountPoint = Directory.CreateTempSubdirectory("mlops-full-disk-").FullName;
    private ServiceProcess ingestion = null!;

    private string Filler => Path.Combine(mountPoint, "filler");

    public async Task InitializeAsync()
    {
        Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint);
        ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(mountPoint, "data"),
            ["Ingestion__ImportRoots__0"] = TestData.SampleFolder,
            ["ConnectionStrings__cache"] = null,
        }, output.WriteLine);
    }

    public async Task DisposeAsync()
    {
        if (ingestion is not null)
        {
            await ingestion.DisposeAsync();
        }

        Run("umount", mountPoint);
        Directory.Delete(mountPoint);
    }

    [Fact]
    public async Task An_import_that_runs_out_of_disk_stores_nothing_says_so_and_works_once_space_is_freed()
    {
        var client = new IngestionService.IngestionServiceClient(ingestion.Channel);
        // Leave 256 KiB: the sample's stored splits need several MiB, so the import fails part way through its blobs.
        var free = new DriveInfo(mountPoint).AvailableFreeSpace;
        await using (var filler = File.Create(Filler))
        {
            filler.SetLength(0);
            await filler.WriteAsync(new byte[free - (256 << 10)]);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ImportDatasetAsync(Import()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("storage is full", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        Assert.Empty(Directory.GetFiles(Path.Combine(mountPoint, "data", "ingestion", "blobs", "tmp")));
        using (var http = new HttpClient { BaseAddress = ingestion.HttpAddress })
        {
            Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        }

        File.Delete(Filler);
        var imported = await client.ImportDatasetAsync(Import());
        var stored = await client.GetDatasetAsync(new GetDatasetRequest { Reference = imported.Version.Id });

        Assert.True(imported.Created);
        Assert.Equal(imported.Version, stored);
        Assert.Single((await client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
    }

    private static ImportDatasetRequest Import() => new()
    {
        Name = "fills-the-disk",
        Idx = new IdxSource
        {
            ImagesPath = TestData.Sample(FashionMnist.TrainImagesFile),
            LabelsPath = TestData.Sample(FashionMnist.TrainLabelsFile),
            TestImagesPath = TestData.Sample(FashionMnist.TestImagesFile),
            TestLabelsPath = TestData.Sample(FashionMnist.TestLabelsFile),
        },
        ClassNames = { FashionMnist.ClassNames },
    };

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed (the test needs root to mount a tmpfs): {errors}");
    }
}
