using System.Text.Json;
using Mlops.Cli.Tests.Fakes;
using Mlops.Common.V1;
using Mlops.TestSupport;

namespace Mlops.Cli.Tests;

public sealed class DataCommandTests : IAsyncLifetime
{
    private readonly FakeIngestion ingestion = new();
    private GrpcTestServer server = null!;

    public async Task InitializeAsync() => server = await GrpcTestServer.StartAsync(ingestion);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--ingestion", server.Address]);

    [Fact]
    public async Task Export_writes_every_file_and_verifies_its_sha256()
    {
        using var folder = new TempFolder();

        var run = await Run("data", "export", "fashion-mnist@latest", "--out", folder.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(FakeIngestion.ImagesFile, await File.ReadAllBytesAsync(Path.Combine(folder.Path, "train-images-idx3-ubyte.gz")));
        Assert.Equal(FakeIngestion.LabelsFile, await File.ReadAllBytesAsync(Path.Combine(folder.Path, "train-labels-idx1-ubyte.gz")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.partial"));
        Assert.Contains("yes", Rendered.Line(run.Out, "train-labels-idx1-ubyte.gz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_bytes_do_not_match_the_announced_hash_is_not_kept_and_the_export_exits_1()
    {
        ingestion.CorruptSecondFile = true;
        using var folder = new TempFolder();

        var run = await Run("data", "export", "fashion-mnist", "--out", folder.Path, "--json");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder.Path, "train-images-idx3-ubyte.gz")));
        Assert.Equal(["train-images-idx3-ubyte.gz"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        Assert.Contains("train-labels-idx1-ubyte.gz", run.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Out);
        Assert.False(json.RootElement.GetProperty("files")[1].GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Upload_streams_each_image_with_its_class_and_split_after_one_header()
    {
        using var train = new TempFolder();
        train.Write("trouser/1.png", TestImages.Png);
        train.Write("coat/1.jpg", TestImages.Jpeg);
        using var test = new TempFolder();
        test.Write("coat/9.png", TestImages.Png);

        var run = await Run("data", "import", "mine", "--upload", train.Path, "--test-upload", test.Path, "--tag", "v1", "--validation-fraction", "0.2");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var header = ingestion.UploadedHeader!;
        Assert.Equal("mine", header.Name);
        Assert.Equal(["coat", "trouser"], header.ClassNames);
        Assert.Equal(["v1"], header.Tags);
        Assert.Equal(0.2, header.Split.ValidationFraction);
        Assert.Equal(
            ["coat/1.jpg/SPLIT_TRAIN", "trouser/1.png/SPLIT_TRAIN", "coat/9.png/SPLIT_TEST"],
            ingestion.UploadedImages.Select(image => $"{image.ClassName}/{image.FileName}/{(image.Split == Split.Test ? "SPLIT_TEST" : "SPLIT_TRAIN")}"));
        Assert.Equal(TestImages.Jpeg, ingestion.UploadedImages[0].Content.ToByteArray());
        Assert.Contains("Imported: mine@", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_renders_the_split_table_and_list_the_datasets()
    {
        var show = await Run("data", "show", "fashion-mnist@latest");
        var list = await Run("data", "list");

        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("2700", Rendered.Line(show.Out, "total"), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Contains("5f2c9a1e7b3d", Rendered.Line(list.Out, "fashion-mnist"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_an_unknown_reference_exits_1_with_not_found()
    {
        var run = await Run("data", "show", "nothing@latest");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("ingestion: NotFound: No dataset version matches 'nothing@latest'.", run.Error, StringComparison.Ordinal);
    }
}
