using Grpc.Core;
using Microsoft.Extensions.Options;
using Mlops.Inference.Telemetry;

namespace Mlops.Inference.Collection;

/// <summary>
/// Drains the collector in batches (full, or after the flush interval) to the drift service. A batch that cannot be
/// delivered is dropped and counted: as "rejected" when drift answered and refused it (a model it has no reference for),
/// as "drift_unavailable" when drift did not answer; an outage is logged once, when it starts, and sending resumes with
/// backoff.
/// </summary>
public sealed class DriftShipper(
    PredictionCollector collector,
    IPredictionRecordSink sink,
    IOptions<CollectionOptions> options,
    InferenceMetrics metrics,
    ILogger<DriftShipper> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!collector.Enabled)
        {
            return;
        }

        var settings = options.Value;
        var batch = new List<CollectedPrediction>(settings.BatchSize);
        var backoff = TimeSpan.FromSeconds(1);
        var down = false;
        string? lastRefusal = null;
        try
        {
            while (await collector.Reader.WaitToReadAsync(stoppingToken))
            {
                await GatherAsync(batch, settings, stoppingToken);
                try
                {
                    var rejected = await sink.SendAsync(batch, stoppingToken);
                    metrics.RecordsDelivered(batch.Count - (int)rejected);
                    if (rejected > 0)
                    {
                        metrics.RecordsDropped((int)rejected, "rejected");
                    }

                    if (down)
                    {
                        logger.LogInformation("Drift service reachable again; prediction records are flowing");
                        (down, backoff) = (false, TimeSpan.FromSeconds(1));
                    }
                }
                catch (RpcException refused) when (IsRefusal(refused.StatusCode) && !stoppingToken.IsCancellationRequested)
                {
                    metrics.RecordsDropped(batch.Count, "rejected");
                    if (refused.Status.Detail != lastRefusal)
                    {
                        logger.LogWarning("Drift refused a batch of {Count} prediction records: {Detail}", batch.Count, refused.Status.Detail);
                        lastRefusal = refused.Status.Detail;
                    }
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    metrics.RecordsDropped(batch.Count, "drift_unavailable");
                    if (!down)
                    {
                        logger.LogWarning("Drift service unavailable ({Error}); dropping prediction records (counted) and retrying with backoff",
                            error.Message);
                        down = true;
                    }

                    await Task.Delay(backoff, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost with the process, as any in-memory sample would be.
        }
    }

    private async Task GatherAsync(List<CollectedPrediction> batch, CollectionOptions settings, CancellationToken stoppingToken)
    {
        using var flush = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        flush.CancelAfter(settings.FlushInterval);
        try
        {
            while (batch.Count < settings.BatchSize)
            {
                while (batch.Count < settings.BatchSize && collector.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                if (batch.Count < settings.BatchSize && !await collector.Reader.WaitToReadAsync(flush.Token))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The flush interval is over: send what there is.
        }
    }

    // Drift answered: retrying the same batch would be refused again, and waiting would not help.
    private static bool IsRefusal(StatusCode status) =>
        status is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.OutOfRange
            or StatusCode.PermissionDenied or StatusCode.Unauthenticated;
}
