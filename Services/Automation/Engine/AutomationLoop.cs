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
    private readonly SemaphoreSlim catchUpNow = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var problems = rules.Reload();
        if (problems.Count > 0)
        {
            LogRulesRefused(logger, rules.Path, string.Join("; ", problems));
        }

        var baseline = store.Baseline(clock.GetUtcNow());
        if (services.GetService<IConnectionMultiplexer>() is { } redis)
        {
            await services.GetRequiredService<RedisEventSubscriber>().SubscribeAsync(() => catchUpNow.Release());
        }
        else
        {
            LogNoRedis(logger);
        }

        await Task.WhenAll(
            HandleEventsAsync(stoppingToken),
            CatchUpAsync(baseline, stoppingToken),
            FollowJobsAsync(stoppingToken));
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {Event} failed")]
    private static partial void LogHandlingFailed(ILogger logger, Exception error, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up on events failed ({Reason}); trying again")]
    private static partial void LogCatchUpFailed(ILogger logger, string reason);
}
