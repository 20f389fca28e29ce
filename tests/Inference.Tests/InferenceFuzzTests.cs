using Mlops.Inference.V1;
using Mlops.OpenInference;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Inference.Tests;

/// <summary>Malformed and extreme values for every field of every unary RPC's request, from the proto descriptors.</summary>
[Collection(InferenceStackCollection.Name)]
public sealed class InferenceFuzzTests(InferenceStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_request_gets_a_clear_status_and_leaves_the_service_healthy()
    {
        // Inference stores nothing of a request's own; what it serves must not change.
        async Task<string> Served() => (await stack.Client.GetServingStatusAsync(new GetServingStatusRequest())).ToString();

        var (native, nativeBreaches) = await FuzzCorpus.RunAsync(stack.Channel, InferenceService.Descriptor, Served);
        var (open, openBreaches) = await FuzzCorpus.RunAsync(stack.Channel, GRPCInferenceService.Descriptor, Served);

        output.WriteLine($"{native + open} cases");
        Assert.True(nativeBreaches.Count + openBreaches.Count == 0, string.Join("\n", nativeBreaches.Concat(openBreaches)));
    }
}
