using System.Diagnostics;
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
/// calls, as a well-behaved client of an overloaded service would (<c>throttle_window=T</c>: how far back it counts,
/// 10 s by default), and <c>inflight_limit=N</c> its adaptive cap on calls in flight starting at N
/// (<c>latency_target=T</c>: answers slower than T count as congestion); the requests either keeps back are labelled
/// <see cref="ThrottledByClient"/>, never sent. <c>--set deadline=250ms</c> gives every call a deadline counted from the
/// step's scheduled time, as a caller that needs its answer by then would: a call past it ends DEADLINE_EXCEEDED (the
/// client cancels it, and the service drops it if it has not run it yet), so the answered are those that came in time.
/// </summary>
public static class GrpcScenario
{
    public const string ThrottledByClient = "ThrottledByClient";

    public static Scenario Create<TClient>(
        string name,
        ScenarioSettings settings,
        Func<CallInvoker, TClient> createClient,
        Func<TClient, ScenarioContext, CallOptions, Task<StepResult>> call)
        where TClient : class
    {
        Interceptor[] interceptors = [.. new Interceptor?[] { ThrottleFromSettings(settings), LimitFromSettings(settings) }.OfType<Interceptor>()];
        var budget = DeadlineFromSettings(settings);
        GrpcChannel? channel = null;
        TClient? client = null;
        return new Scenario(name, async (context, cancellationToken) =>
        {
            try
            {
                var options = new CallOptions(deadline: budget is { } time ? Deadline(context, time) : null, cancellationToken: cancellationToken);
                return await call(client!, context, options).ConfigureAwait(false);
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
                client = createClient(invoker.Intercept(interceptors));
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

    private static DateTime Deadline(ScenarioContext context, TimeSpan budget) =>
        DateTime.UtcNow + budget - Stopwatch.GetElapsedTime(context.OriginTimestamp);

    private static TimeSpan? DeadlineFromSettings(ScenarioSettings settings)
    {
        if (!settings.Values.TryGetValue("deadline", out var text))
        {
            return null;
        }

        var budget = settings.GetDuration("deadline", TimeSpan.Zero);
        return budget > TimeSpan.Zero
            ? budget
            : throw new FormatException($"Setting deadline={text}: a call's deadline is a time above zero (e.g. 250ms).");
    }

    private static ConcurrencyLimitingInterceptor? LimitFromSettings(ScenarioSettings settings)
    {
        if (!settings.Values.TryGetValue("inflight_limit", out var text))
        {
            return null;
        }

        var initial = settings.GetInt("inflight_limit", 0);
        var target = settings.Values.ContainsKey("latency_target") ? settings.GetDuration("latency_target", TimeSpan.Zero) : (TimeSpan?)null;
        var options = new ConcurrencyLimitOptions { InitialLimit = initial, LatencyTarget = target };
        try
        {
            return new ConcurrencyLimitingInterceptor(new ConcurrencyLimit(options with { MaxLimit = Math.Max(options.MaxLimit, initial) }));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Setting inflight_limit={text}: {e.Message}", e);
        }
    }

    private static AdaptiveThrottlingInterceptor? ThrottleFromSettings(ScenarioSettings settings)
    {
        if (!settings.Values.TryGetValue("throttle", out var text))
        {
            return null;
        }

        var multiplier = settings.GetDouble("throttle", 0);
        if (multiplier < 1)
        {
            throw new FormatException($"Setting throttle={text}: K is the requests sent per accepted one, 1 or more (e.g. 1.1).");
        }

        var defaults = new AdaptiveThrottleOptions();
        var window = settings.GetDuration("throttle_window", defaults.Window);
        return window > TimeSpan.Zero
            ? new AdaptiveThrottlingInterceptor(new AdaptiveThrottle(defaults with { AcceptsMultiplier = multiplier, Window = window }))
            : throw new FormatException($"Setting throttle_window={settings.Values["throttle_window"]}: the window is a time above zero (e.g. 10s).");
    }
}
