using Microsoft.Extensions.Options;
using Mlops.Automation.Configuration;
using Mlops.Automation.Events;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using StackExchange.Redis;

namespace Mlops.Automation.Engine;

/// <summary>
/// Runs the automation: loads the rules, listens on Redis, catches up from the services' lists at start, on
/// reconnect and every <see cref="AutomationOptions.CatchUpInterval"/>, hands each event to the engine one at a
/// time, and follows the training jobs the rules started.
/// </summary>
public sealed partial class AutomationLoop(
    RuleBook rules,
    RuleEngine engine,
    JobFollower jobs,
    AutomationStore store,
    EventQueue queue,
    IEventHistory history,
    IServiceProvider services,
    IOptions<AutomationOptions> options,
    TimeProvider clock,
    ILogger<AutomationLoop> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRedisRetry = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim catchUpNow = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var problems = rules.Reload();
        if (problems.Count > 0)
        {
            LogRulesRefused(logger, rules.Path, string.Join("; ", problems));
        }

        var baseline = store.Baseline(clock.GetUtcNow());
        await Task.WhenAll(
            ListenOnRedisAsync(stoppingToken),
            HandleEventsAsync(stoppingToken),
            CatchUpAsync(baseline, stoppingToken),
            FollowJobsAsync(stoppingToken));
    }

    /// <summary>
    /// Subscribes to the platform's channels once Redis answers. A Redis that is unreachable at start (not up yet, or
    /// down) must not end the service: it keeps serving, finds events by the catch-up meanwhile, and tries again.
    /// </summary>
    private async Task ListenOnRedisAsync(CancellationToken stoppingToken)
    {
        // Off the start path: the first connection attempt blocks for the connect timeout when Redis is down.
        await Task.Yield();
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            LogNoRedis(logger);
            return;
        }

        var subscriber = services.GetRequiredService<RedisEventSubscriber>();
        var endpoints = string.Join(", ", redis.GetEndPoints().Select(endpoint => endpoint.ToString()));
        var retry = TimeSpan.FromSeconds(1);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // The multiplexer reconnects on its own; subscribing before it has would only time out.
            var reason = "not connected";
            if (redis.IsConnected)
            {
                try
                {
                    await subscriber.SubscribeAsync(() => catchUpNow.Release());
                    LogListening(logger, endpoints, failures);
                    // Whatever was published before the subscription is read back from the services' lists now.
                    catchUpNow.Release();
                    return;
                }
                catch (Exception error) when (error is RedisException or TimeoutException)
                {
                    reason = error.Message;
                }
            }

            failures++;
            LogRedisUnreachable(logger, endpoints, reason, options.Value.CatchUpInterval, retry);
            await Wait(retry, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRedisRetry.Ticks));
        }
    }

    private async Task HandleEventsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var platformEvent in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await engine.HandleAsync(platformEvent, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogHandlingFailed(logger, error, platformEvent.Summary);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CatchUpAsync(DateTimeOffset baseline, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var platformEvent in await history.SinceAsync(baseline, stoppingToken))
                {
                    if (!store.IsHandled(platformEvent.Key))
                    {
                        queue.Enqueue(platformEvent);
                    }
                }

                await catchUpNow.WaitAsync(options.Value.CatchUpInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PlatformCallException error)
            {
                LogCatchUpFailed(logger, error.Message);
                await Wait(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task FollowJobsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await jobs.CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await Wait(options.Value.JobCheckInterval, stoppingToken);
        }
    }

    private static async Task Wait(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The rules in {Path} were refused, no rules are in force: {Problems}")]
    private static partial void LogRulesRefused(ILogger logger, string path, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Redis: events are found only by the periodic catch-up from the services' lists")]
    private static partial void LogNoRedis(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis ({Endpoint}) is unreachable ({Reason}): events are found only by the catch-up every {CatchUpInterval} until it answers; subscribing again in {Retry}")]
    private static partial void LogRedisUnreachable(ILogger logger, string endpoint, string reason, TimeSpan catchUpInterval, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on Redis ({Endpoint}) for the platform's events, after {Failures} failed attempts")]
    private static partial void LogListening(ILogger logger, string endpoint, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {Event} failed")]
    private static partial void LogHandlingFailed(ILogger logger, Exception error, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up on events failed ({Reason}); trying again")]
    private static partial void LogCatchUpFailed(ILogger logger, string reason);
}
