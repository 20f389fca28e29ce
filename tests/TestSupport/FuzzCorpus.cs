using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Mlops.TestSupport;

/// <summary>
/// Runs <see cref="RequestFuzzer"/>'s corpus against one running service and lists every breach of the error policy:
/// UNKNOWN or INTERNAL, an error without a message, a refused call that changed what the service stores, a service
/// that is not healthy afterwards.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>The deadline of each call; no malformed request may keep a service busier than this.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs the corpus of <paramref name="service"/> over <paramref name="channel"/>; the number of cases and every breach.</summary>
    /// <param name="channel">A channel to the running service.</param>
    /// <param name="service">The service's descriptor (e.g. <c>RegistryService.Descriptor</c>).</param>
    /// <param name="stored">What the service stores, as text compared before and after each refused call.</param>
    /// <param name="skip">RPCs left out, each with the reason it is.</param>
    public static async Task<(int Cases, IReadOnlyList<string> Breaches)> RunAsync(
        GrpcChannel channel, ServiceDescriptor service, Func<Task<string>> stored, IReadOnlySet<string>? skip = null)
    {
        var invoker = channel.CreateCallInvoker();
        var breaches = new List<string>();
        var cases = RequestFuzzer.Cases(service).Where(c => skip is null || !skip.Contains(c.Method.Name)).ToList();
        var before = await stored();
        foreach (var fuzz in cases)
        {
            var outcome = (await RequestFuzzer.RunAsync(invoker, [fuzz], CallDeadline)).Single();
            breaches.AddRange(RequestFuzzer.PolicyBreaches([outcome]));
            var after = await stored();
            if (outcome.Code != StatusCode.OK && after != before)
            {
                breaches.Add($"{fuzz}: refused with {outcome.Code} but what the service stores changed");
            }

            before = after;
        }

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + CallDeadline);
        if (health.Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            breaches.Add($"{service.Name} is {health.Status} after the corpus");
        }

        return (cases.Count, breaches);
    }
}
