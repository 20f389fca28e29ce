using System.Collections.Concurrent;
using Grpc.Core;
using Mlops.Inference.V1;

namespace Mlops.Inference.Tests;

[Collection(InferenceStackCollection.Name)]
public sealed class HotSwapTests(InferenceStack stack)
{
    public const string Model = "swap";

    [Fact]
    public async Task Moving_the_alias_under_load_switches_version_with_no_failed_request()
    {
        var second = await stack.RegistryCalls.RegisterAsync(Model, Models.Second);
        var failures = new ConcurrentQueue<Exception>();
        var seen = new ConcurrentDictionary<int, int>();
        // A backstop only: the loops end about a second after each has seen the new version.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var newVersionSince = new ConcurrentDictionary<int, DateTime>();

        async Task UnaryLoop(int client)
        {
            var last = 0;
            for (var index = client; !stop.IsCancellationRequested; index++)
            {
                try
                {
                    var answer = await stack.Client.PredictAsync(Requests.Raw(index % Models.Test.Count, model: Model));
                    Assert.True(answer.ModelVersion >= last, $"client {client} went back from v{last} to v{answer.ModelVersion}");
                    last = answer.ModelVersion;
                    seen.AddOrUpdate(answer.ModelVersion, 1, (_, count) => count + 1);
                    if (answer.ModelVersion == second && newVersionSince.TryAdd(client, DateTime.UtcNow))
                    {
                        continue;
                    }

                    if (newVersionSince.TryGetValue(client, out var since) && DateTime.UtcNow - since > TimeSpan.FromSeconds(1))
                    {
                        return;
                    }
                }
                catch (Exception error) when (error is RpcException or Xunit.Sdk.XunitException)
                {
                    failures.Enqueue(error);
                    return;
                }
            }
        }

        async Task StreamLoop()
        {
            using var call = stack.Client.PredictStream(cancellationToken: stop.Token);
            var sending = Task.Run(async () =>
            {
                for (var index = 0; index < 4000 && !newVersionSince.ContainsKey(-1); index++)
                {
                    await call.RequestStream.WriteAsync(Requests.Raw(index % Models.Test.Count, requestId: $"{index}", model: Model));
                }

                await call.RequestStream.CompleteAsync();
            });
            var last = 0;
            try
            {
                await foreach (var answer in call.ResponseStream.ReadAllAsync())
                {
                    Assert.True(answer.ModelVersion >= last, $"the stream went back from v{last} to v{answer.ModelVersion}");
                    last = answer.ModelVersion;
                    seen.AddOrUpdate(answer.ModelVersion, 1, (_, count) => count + 1);
                    if (answer.ModelVersion == second)
                    {
                        newVersionSince.TryAdd(-1, DateTime.UtcNow);
                    }
                }

                await sending;
            }
            catch (Exception error) when (error is RpcException or Xunit.Sdk.XunitException)
            {
                failures.Enqueue(error);
            }
        }

        var load = Enumerable.Range(0, 6).Select(UnaryLoop).Append(StreamLoop()).ToList();
        // Move the alias only once the first version has answered, however long the loaded machine takes to get the load going.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!seen.ContainsKey(stack.FirstVersion) && failures.IsEmpty && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        await stack.RegistryCalls.MoveAliasAsync(Model, InferenceStack.Alias, second);
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(seen.ContainsKey(stack.FirstVersion), "no answer came from the first version");
        Assert.True(seen.ContainsKey(second), "no answer came from the new version");
        using var reference = new ReferenceScorer(Models.Second);
        var after = await stack.Client.PredictAsync(Requests.Raw(42, model: Model));
        Assert.Equal(second, after.ModelVersion);
        Assert.Equal(reference.Probabilities(Models.Test.Image(42)), after.Probabilities.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }
}
