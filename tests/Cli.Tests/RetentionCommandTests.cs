using Mlops.Cli.Tests.Fakes;

namespace Mlops.Cli.Tests;

/// <summary>`mlops data delete`, `mlops runs delete|list --archived` and `--api-key`, against fake services.</summary>
public sealed class RetentionCommandTests : FakeServicesCliTest
{
    private readonly FakeIngestion ingestion;
    private readonly FakeRegistry registry;

    public RetentionCommandTests()
    {
        ingestion = Serve("ingestion", new FakeIngestion());
        registry = Serve("registry", new FakeRegistry());
    }

    [Fact]
    public async Task Data_delete_resolves_a_reference_to_the_full_id_and_deletes_that_version()
    {
        var run = await Run("data", "delete", "fashion-mnist@latest");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal([FakeIngestion.Version().Id], ingestion.DeletedIds);
        Assert.Contains("Deleted fashion-mnist@5f2c9a1e7b3d", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_delete_of_a_version_in_use_exits_1_with_the_service_reason()
    {
        ingestion.InUseBy = "run run-a";

        var run = await Run("data", "delete", "fashion-mnist");

        Assert.Equal(ExitCodes.ServiceError, run.ExitCode);
        Assert.Contains("in use by run run-a", run.Error, StringComparison.Ordinal);
        Assert.Empty(ingestion.DeletedIds);
    }

    [Fact]
    public async Task The_api_key_option_is_sent_with_every_call_and_nothing_is_sent_without_it()
    {
        var withKey = await Run("runs", "list", "--api-key", "k-123");
        var withoutKey = await Run("runs", "list");

        Assert.Equal(ExitCodes.Ok, withKey.ExitCode);
        Assert.Equal(ExitCodes.Ok, withoutKey.ExitCode);
        Assert.Equal(["k-123", null], registry.ApiKeysSeen);
        Assert.DoesNotContain("k-123", withKey.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_delete_reports_the_deleted_points_and_runs_list_archived_asks_for_archived_runs()
    {
        var deleted = await Run("runs", "delete", "run-a");
        var missing = await Run("runs", "delete", "run-a");
        var listed = await Run("runs", "list", "--archived");

        Assert.Equal(ExitCodes.Ok, deleted.ExitCode);
        Assert.Contains("Deleted run run-a and 12 metric points", deleted.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ServiceError, missing.ExitCode);
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        Assert.True(registry.RunQueries.Single().IncludeArchived);
    }
}
