using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mlops.Client;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>
/// The plumbing every gRPC scenario shares: one channel opened in init and disposed in clean, and
/// an RpcException turned into a failed step labelled with its status code name.
/// <c>--set throttle=K</c> puts the platform's client-side adaptive throttle (Mlops.Client) on the channel's unary
/// calls, as a well-behaved client of an overloaded service would; the requests it keeps back are labelled
/// <see cref="ThrottledByClient"/>, never sent.
/// </summary>
public static class GrpcScenario
{
    public const string ThrottledByClient = "ThrottledByClient";

    public static Scenario Create<TClient>(
        string name,
        ScenarioSettings settings,
        Func<CallInvoker, TClient> createClient,
        Func<TClient, ScenarioContext, CancellationToken, Task<StepResult>> call)
        where TClient : class
    {
        var throttle = ThrottleFromSettings(settings);
        GrpcChannel? channel = null;
        TClient? client = null;
        return new Scenario(name, async (context, cancellationToken) =>
        {
            try
            {
                return await call(client!, context, cancellationToken).ConfigureAwait(false);
            }
            catch (ClientThrottledException)
            {
                return StepResult.Fail(ThrottledByClient);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                return StepResult.Fail(e.StatusCode.ToString());
            }
        })
        {
            Init = (context, _) =>
            {
                channel = GrpcChannel.ForAddress(context.Target, new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler
                    {
                        // One HTTP/2 connection caps concurrent streams at the server's limit (100 by default).
                        EnableMultipleHttp2Connections = true,
                        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    },
                });
                var invoker = channel.CreateCallInvoker();
                client = createClient(throttle is null ? invoker : invoker.Intercept(new AdaptiveThrottlingInterceptor(throttle)));
                return Task.CompletedTask;
            },
            Clean = _ =>
            {
                channel?.Dispose();
                return Task.CompletedTask;
            },
        };
    }

    public static string Ok => StatusCode.OK.ToString();

    private static AdaptiveThrottle? ThrottleFromSettings(ScenarioSettings settings)
    {
        if (!settings.Values.TryGetValue("throttle", out var text))
        {
            return null;
        }

        var multiplier = settings.GetDouble("throttle", 0);
        return multiplier >= 1
            ? new AdaptiveThrottle(new AdaptiveThrottleOptions { AcceptsMultiplier = multiplier })
            : throw new FormatException($"Setting throttle={text}: K is the requests sent per accepted one, 1 or more (e.g. 1.1).");
    }
}
