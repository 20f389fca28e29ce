using Grpc.Core;
using Mlops.Inference.V1;
using Mlops.OpenInference;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Not_ready_until_the_alias_exists_then_serving_and_following_a_restarted_registry()
    {
        var dataRoot = Directory.CreateTempSubdirectory("mlops-inference-ready-").FullName;
        try
        {
            await using var registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?> { ["DataRoot"] = dataRoot, ["ConnectionStrings__cache"] = null });
            await using var inference = await UnreadyInference.StartAsync(new Dictionary<string, string?>
            {
                ["Services__registry"] = registry.GrpcAddress.ToString(),
                ["Services__drift"] = "http://127.0.0.1:1",
                ["Inference__Alias"] = "staging",
                ["ConnectionStrings__cache"] = null,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            });
            var native = new InferenceService.InferenceServiceClient(inference.Channel);
            var open = new GRPCInferenceService.GRPCInferenceServiceClient(inference.Channel);
            using var http = new HttpClient { BaseAddress = inference.HttpAddress };

            var health = await http.GetAsync("/health");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
            Assert.False((await open.ServerReadyAsync(new ServerReadyRequest())).Ready);
            Assert.False((await open.ModelReadyAsync(new ModelReadyRequest { Name = "fashion" })).Ready);
            Assert.True((await open.ServerLiveAsync(new ServerLiveRequest())).Live);
            var status = await native.GetServingStatusAsync(new GetServingStatusRequest());
            Assert.False(status.Ready);
            Assert.Contains("fashion@staging", status.Message, StringComparison.Ordinal);
            var early = await Assert.ThrowsAsync<RpcException>(() => native.PredictAsync(Requests.Raw(0)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, early.StatusCode);

            // The watch must survive the registry going away and coming back on the same address.
            await registry.RestartAsync();
            var calls = new RegistryCalls(registry.Channel);
            var version = await calls.RegisterAsync("fashion", Models.First);
            await calls.MoveAliasAsync("fashion", "staging", version);

            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!(await open.ServerReadyAsync(new ServerReadyRequest())).Ready)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Not ready 120 s after the alias moved:\n{inference.Output}");
                await Task.Delay(200);
            }

            Assert.Equal("Healthy", await http.GetStringAsync("/health"));
            Assert.Equal(version, (await native.PredictAsync(Requests.Raw(0))).ModelVersion);
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
