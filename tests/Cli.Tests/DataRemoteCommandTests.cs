using System.Text.Json;
using Mlops.Cli.Tests.Fakes;
using Mlops.TestSupport;

namespace Mlops.Cli.Tests;

public sealed class DataRemoteCommandTests : IAsyncLifetime
{
    private readonly FakeDatasetRemote remote = new();
    private GrpcTestServer server = null!;

    public async Task InitializeAsync() => server = await GrpcTestServer.StartAsync(remote);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--ingestion", server.Address]);

    [Fact]
    public async Task Push_names_the_version_and_reports_the_full_id_and_what_was_copied()
    {
        var run = await Run("data", "push", "fashion-mnist@latest");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["fashion-mnist@latest"], remote.Pushed);
        Assert.Contains($"Pushed fashion-mnist@{FakeDatasetRemote.KnownId} to s3://team/datasets/blobs", run.Out, StringComparison.Ordinal);
        Assert.Contains("8 of 8 blobs copied", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_reports_as_json_and_an_unknown_id_exits_with_the_service_message()
    {
        var pulled = await Run("data", "pull", FakeDatasetRemote.KnownId, "--json");
        var unknown = await Run("data", "pull", new string('d', 64));

        Assert.Equal(ExitCodes.Ok, pulled.ExitCode);
        using var json = JsonDocument.Parse(pulled.Out);
        Assert.Equal(8, json.RootElement.GetProperty("blobsTotal").GetInt32());
        Assert.Equal(ExitCodes.ServiceError, unknown.ExitCode);
        Assert.Contains("push it first", unknown.Error, StringComparison.Ordinal);
    }
}
