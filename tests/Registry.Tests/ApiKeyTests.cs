using System.Net;
using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Tests;

/// <summary>
/// API keys and per-client rate limits, against the running service with keys configured: the shared middleware in
/// ServiceDefaults decides before any RPC runs, so what holds here holds for every service.
/// </summary>
public sealed class ApiKeyTests(ITestOutputHelper output)
{
    private const string ReadKey = "read-key-0123456789";
    private const string WriteKey = "write-key-0123456789";
    private const string AdminKey = "admin-key-0123456789";

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static Dictionary<string, string?> Keys(int permitsPerSecond = 0) => new()
    {
        ["Auth__Keys__0__Name"] = "reader",
        ["Auth__Keys__0__Key"] = ReadKey,
        ["Auth__Keys__0__Scopes__0"] = "read",
        ["Auth__Keys__1__Name"] = "writer",
        ["Auth__Keys__1__Key"] = WriteKey,
        ["Auth__Keys__1__Scopes__0"] = "write",
        ["Auth__Keys__2__Name"] = "admin",
        ["Auth__Keys__2__Key"] = AdminKey,
        ["Auth__Keys__2__Scopes__0"] = "admin",
        ["RateLimit__PermitsPerSecond"] = permitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    [Fact]
    public async Task Every_rpc_refuses_a_call_without_a_key_or_with_a_wrong_one_and_the_probes_stay_open()
    {
        await using var registry = await RegistryProcess.StartAsync(output, Keys());
        var invoker = registry.Service.Channel.CreateCallInvoker();

        foreach (var method in RegistryReflection.Descriptor.Services.Single().Methods)
        {
            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
            var missing = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(call, null, new CallOptions(), []).ResponseAsync);
            var wrong = await Assert.ThrowsAsync<RpcException>(() =>
                invoker.AsyncUnaryCall(call, null, new CallOptions(Key("not-a-key")), []).ResponseAsync);
            Assert.True(missing.StatusCode == StatusCode.Unauthenticated, $"{method.Name}: {missing.Status}");
            Assert.True(wrong.StatusCode == StatusCode.Unauthenticated, $"{method.Name}: {wrong.Status}");
        }

        using var http = new HttpClient { BaseAddress = registry.Service.HttpAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        var page = await http.GetAsync("/v1/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Scopes_decide_read_write_and_admin_calls_and_nothing_is_written_on_a_refusal()
    {
        await using var registry = await RegistryProcess.StartAsync(output, Keys());
        var client = registry.Client;

        var listed = await client.ListRunsAsync(new ListRunsRequest(), Key(ReadKey));
        var readerWrites = await Assert.ThrowsAsync<RpcException>(() =>
            client.CreateRunAsync(new CreateRunRequest { Experiment = "auth" }, Key(ReadKey)).ResponseAsync);
        var run = await client.CreateRunAsync(new CreateRunRequest { Experiment = "auth" }, Key(WriteKey));
        await client.FinishRunAsync(new FinishRunRequest { RunId = run.Id, Status = RunStatus.Finished }, Key(WriteKey));
        var writerDeletes = await Assert.ThrowsAsync<RpcException>(() =>
            client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id }, Key(WriteKey)).ResponseAsync);
        var stillThere = await client.ListRunsAsync(new ListRunsRequest { Experiment = "auth" }, Key(ReadKey));
        await client.DeleteRunAsync(new DeleteRunRequest { RunId = run.Id }, Key(AdminKey));

        Assert.Empty(listed.Runs);
        Assert.Equal(StatusCode.PermissionDenied, readerWrites.StatusCode);
        Assert.Contains("'write' scope", readerWrites.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, writerDeletes.StatusCode);
        Assert.Equal([run.Id], stillThere.Runs.Select(stored => stored.Id));
        Assert.Empty((await client.ListRunsAsync(new ListRunsRequest { Experiment = "auth" }, Key(ReadKey))).Runs);
        Assert.DoesNotContain(WriteKey, registry.Service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_over_its_rate_limit_gets_resource_exhausted_with_a_retry_hint_while_other_clients_are_served()
    {
        await using var registry = await RegistryProcess.StartAsync(output, Keys(permitsPerSecond: 1));
        var client = registry.Client;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await client.ListRunsAsync(new ListRunsRequest(), Key(ReadKey));
                return null;
            }
            catch (RpcException error)
            {
                return error;
            }
        }));
        var other = await client.ListRunsAsync(new ListRunsRequest(), Key(WriteKey));

        var refused = outcomes.OfType<RpcException>().ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, error => Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode));
        Assert.Contains("retry after", refused[0].Status.Detail, StringComparison.Ordinal);
        Assert.True(int.Parse(refused[0].Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(long.Parse(refused[0].Trailers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.NotNull(other);
    }
}
