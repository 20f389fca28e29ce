using Mlops.LoadGenerator.Cli;
using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Scenarios;
using SkiaSharp;

namespace Mlops.LoadGenerator.Tests;

public class GrpcScenarioTests
{
    [Theory]
    [InlineData("predict")]
    [InlineData("predict-batch")]
    [InlineData("predict-stream")]
    [InlineData("model-infer")]
    public async Task Each_inference_scenario_runs_from_the_command_line_against_a_loopback_server(string scenario)
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var output = new StringWriter();

        var code = await LoadTestApp.RunAsync(
            ["-s", scenario, "--target", server.Address.ToString(), "--closed", "2", "-d", "1s", "--set", "batch=4", "--set", "stream=3",
             "-t", "fail% == 0", "-t", "count > 10", "--no-report", "-q"],
            output,
            TextWriter.Null);

        Assert.True(code == LoadTestApp.Passed, output.ToString());
        Assert.Contains($"| {scenario} |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_sends_a_28x28_grey_image_and_counts_bytes_both_ways()
    {
        await using var server = await FakeInferenceServer.StartAsync();

        var result = await Run(PredictScenario.Create(ScenarioSettings.Empty), server);

        var image = Assert.IsType<Mlops.Inference.V1.ImageInput>(server.Seen.Images.First());
        Assert.Equal((1, 28, 28), (image.Pixels.Shape.Channels, image.Pixels.Shape.Height, image.Pixels.Shape.Width));
        Assert.Equal(SampleImage.Pixels, image.Pixels.Uint8Data.ToByteArray());
        Assert.Equal(result.Total.Count, result.Total.Statuses["OK"]);
        Assert.True(result.Total.BytesSent >= result.Total.Count * 784);
        Assert.True(result.Total.BytesReceived > 0);
    }

    [Fact]
    public async Task Distinct_setting_sends_a_different_image_every_request_so_no_cache_can_answer()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var distinct = new ScenarioSettings(new Dictionary<string, string> { ["distinct"] = "true" });

        await Run(PredictScenario.Create(distinct), server);
        await Run(ModelInferScenario.Create(distinct), server);

        var images = server.Seen.Images.Select(image => Convert.ToHexString(image.Pixels.Uint8Data.Span)).ToList();
        Assert.True(images.Count > 1);
        Assert.Equal(images.Count, images.Distinct().Count());
        // Only the counter pixels differ from the sample image.
        Assert.All(server.Seen.Images, image => Assert.Equal(SampleImage.Pixels[4..], image.Pixels.Uint8Data.ToByteArray()[4..]));
        var tensors = server.Seen.InferRequests.Select(request => Convert.ToHexString(request.RawInputContents[0].Span)).ToList();
        Assert.True(tensors.Count > 1);
        Assert.Equal(tensors.Count, tensors.Distinct().Count());
        Assert.Throws<FormatException>(() => PredictScenario.Create(new ScenarioSettings(new Dictionary<string, string> { ["distinct"] = "true", ["image"] = "png" })));
    }

    [Fact]
    public async Task Png_setting_sends_a_png_that_decodes_to_the_sample_image()
    {
        await using var server = await FakeInferenceServer.StartAsync();

        await Run(PredictScenario.Create(new ScenarioSettings(new Dictionary<string, string> { ["image"] = "png" })), server);

        using var bitmap = SKBitmap.Decode(server.Seen.Images.First().Encoded.ToByteArray());
        Assert.Equal((28, 28), (bitmap.Width, bitmap.Height));
        var decoded = Enumerable.Range(0, 28 * 28).Select(i => bitmap.GetPixel(i % 28, i / 28).Red).ToArray();
        Assert.Equal(SampleImage.Pixels, decoded);
    }

    [Fact]
    public async Task Model_infer_sends_an_fp32_1x1x28x28_tensor()
    {
        await using var server = await FakeInferenceServer.StartAsync();

        await Run(ModelInferScenario.Create(ScenarioSettings.Empty), server);

        var request = server.Seen.InferRequests.First();
        var input = Assert.Single(request.Inputs);
        Assert.Equal("FP32", input.Datatype);
        Assert.Equal([1, 1, 28, 28], input.Shape);
        Assert.Equal(28 * 28 * sizeof(float), Assert.Single(request.RawInputContents).Length);
    }

    [Fact]
    public async Task Rpc_errors_are_failures_labelled_with_the_status_code()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var settings = new ScenarioSettings(new Dictionary<string, string> { ["model"] = "down" });

        var result = await Run(PredictScenario.Create(settings), server);

        Assert.True(result.Total.Count > 0);
        Assert.Equal(result.Total.Count, result.Total.Fail);
        Assert.Equal(result.Total.Count, result.Total.Statuses["Unavailable"]);
    }

    [Fact]
    public async Task With_the_throttle_setting_a_refusing_server_receives_a_few_calls_and_the_rest_are_kept_back_as_throttled_by_client()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var settings = new ScenarioSettings(new Dictionary<string, string> { ["model"] = "down", ["throttle"] = "1.1" });

        var result = await Run(PredictScenario.Create(settings), server, requests: 400);

        Assert.Equal(400, result.Total.Count);
        Assert.Equal(result.Total.Count, result.Total.Fail);
        var refused = result.Total.Statuses["Unavailable"];
        Assert.Equal(400 - refused, result.Total.Statuses[GrpcScenario.ThrottledByClient]);
        // Each refusal raises the chance of keeping the next call back: only a handful reach a server that refuses all.
        Assert.InRange(refused, 1, 60);
        Assert.Throws<FormatException>(() => PredictScenario.Create(new ScenarioSettings(new Dictionary<string, string> { ["throttle"] = "0.5" })));
        Assert.Throws<FormatException>(() => PredictScenario.Create(Settings(("throttle", "1.1"), ("throttle_window", "0s"))));
    }

    [Fact]
    public async Task With_the_deadline_setting_every_call_carries_one_and_a_call_not_answered_by_then_ends_deadline_exceeded()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var sentBefore = DateTime.UtcNow;
        var generous = await Run(PredictScenario.Create(Settings(("deadline", "10m"))), server, requests: 5);
        var silent = await Run(PredictScenario.Create(Settings(("deadline", "200ms"), ("model", "silent"))), server, requests: 5);

        Assert.Equal(5, generous.Total.Statuses["OK"]);
        Assert.All(server.Seen.PredictDeadlines.Take(5), deadline => Assert.InRange(deadline, sentBefore, DateTime.UtcNow + TimeSpan.FromMinutes(10)));
        Assert.Equal(5, silent.Total.Statuses["DeadlineExceeded"]);
        Assert.Throws<FormatException>(() => PredictScenario.Create(Settings(("deadline", "0s"))));
    }

    [Fact]
    public async Task The_deadline_counts_from_the_steps_scheduled_time_so_a_step_released_too_late_is_not_sent()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var scenario = PredictScenario.Create(Settings(("deadline", "1s")));
        await scenario.Init!(new ScenarioInitContext(scenario.Name, server.Address, TextWriter.Null), CancellationToken.None);
        var scheduledAMinuteAgo = System.Diagnostics.Stopwatch.GetTimestamp() - (60 * System.Diagnostics.Stopwatch.Frequency);

        var result = await scenario.Step(new ScenarioContext(scenario.Name, server.Address, 0, isWarmUp: false, scheduledAMinuteAgo), CancellationToken.None);
        await scenario.Clean!(CancellationToken.None);

        Assert.Equal(StepResult.Fail("DeadlineExceeded"), result);
        Assert.Empty(server.Seen.PredictDeadlines);
    }

    [Fact]
    public async Task With_the_inflight_limit_setting_a_step_beyond_the_limit_is_kept_back_by_the_client()
    {
        await using var server = await FakeInferenceServer.StartAsync();
        var scenario = PredictScenario.Create(Settings(("model", "silent"), ("inflight_limit", "2"), ("latency_target", "100ms")));
        await scenario.Init!(new ScenarioInitContext(scenario.Name, server.Address, TextWriter.Null), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        ScenarioContext Context(long number) => new(scenario.Name, server.Address, number, isWarmUp: false, System.Diagnostics.Stopwatch.GetTimestamp());

        var waiting = new[] { scenario.Step(Context(0), stop.Token), scenario.Step(Context(1), stop.Token) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (server.Seen.PredictDeadlines.Count < 2 && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(10);
        }

        var third = await scenario.Step(Context(2), stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(waiting.Select(step => step.ContinueWith(_ => { }, TaskScheduler.Default)));
        await scenario.Clean!(CancellationToken.None);

        Assert.Equal(StepResult.Fail(GrpcScenario.ThrottledByClient), third);
        Assert.Equal(2, server.Seen.PredictDeadlines.Count);
        Assert.Throws<FormatException>(() => PredictScenario.Create(Settings(("inflight_limit", "0"))));
    }

    private static ScenarioSettings Settings(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(value => value.Key, value => value.Value));

    private static Task<Measurement.RunResult> Run(Scenario scenario, FakeInferenceServer server, int requests = 20) =>
        new LoadRunner([scenario], [LoadSimulation.KeepConstant(1, TimeSpan.FromMinutes(5))], new RunOptions { Target = server.Address, MaxRequests = requests }).RunAsync();
}
