using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Inference.Serving;

/// <summary>
/// Follows the registry's alias changes for the served models and loads each new version the served alias points to.
/// The watch starts with the current aliases, so a (re)connect also catches up; a broken stream reconnects with backoff.
/// </summary>
public sealed class RegistryWatcher(
    RegistryService.RegistryServiceClient registry,
    ModelLoader loader,
    LoadedModels models,
    ILogger<RegistryWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var call = registry.WatchAliases(new WatchAliasesRequest(), cancellationToken: stoppingToken);
                await foreach (var change in call.ResponseStream.ReadAllAsync(stoppingToken))
                {
                    if (reported)
                    {
                        logger.LogInformation("Watching the registry's aliases again");
                        reported = false;
                    }

                    backoff = FirstBackoff;
                    if (change.Alias == models.Alias && models.ConfiguredNames.Contains(change.ModelName, StringComparer.Ordinal))
                    {
                        await loader.LoadAsync(change.ModelName, change.Version, stoppingToken);
                    }
                }
            }
            catch (Exception error) when (stoppingToken.IsCancellationRequested && error is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                return;
            }
            catch (RpcException error) when (!stoppingToken.IsCancellationRequested)
            {
                if (!reported)
                {
                    logger.LogWarning("Registry alias watch broke ({Status}: {Detail}); reconnecting with backoff", error.StatusCode, error.Status.Detail);
                    reported = true;
                }
            }

            await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
    }
}
