using Microsoft.Extensions.Options;
using Mlops.Drift.Configuration;

namespace Mlops.Drift.Monitoring;

/// <summary>Closes windows by age (or full windows at their minimum duration) even when no more records arrive to close them.</summary>
public sealed partial class WindowTimer(DriftMonitor monitor, IOptions<DriftOptions> options, TimeProvider clock, ILogger<WindowTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = options.Value.Window;
        var shortest = window.MinDuration > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(window.MinDuration.Ticks, window.MaxAge.Ticks)) : window.MaxAge;
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await monitor.CloseExpiredAsync(stoppingToken);
                }
#pragma warning disable CA1031 // The timer must keep running; the failure is logged and the next tick tries again.
                catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing expired windows failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
