using Microsoft.Extensions.Options;
using Mlops.Training.Grpc;
using Mlops.Training.Jobs;
using Mlops.Training.Model;
using Mlops.Training.Queue;

namespace Mlops.Training.Workers;

/// <summary>
/// The training workers of this process. At startup, jobs the store says are QUEUED or RUNNING but the queue no
/// longer holds (their process died with an in-process queue, or Redis lost them) are queued again; then each worker
/// takes jobs from the queue, counts the attempt, runs the job and renews its lease while it runs.
/// </summary>
public sealed class TrainingWorkers(
    IJobQueue queue,
    JobStore store,
    TrainingJobRunner runner,
    RunningJobs running,
    IOptions<WorkerOptions> options,
    ILogger<TrainingWorkers> logger) : BackgroundService
{
    private readonly WorkerOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        var workers = Math.Max(1, settings.Workers);
        logger.LogInformation("{Workers} training worker(s) on queue {Queue}", workers, queue.GetType().Name);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(i => WorkAsync($"{settings.ConsumerPrefix}-{i}", stoppingToken)));
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        try
        {
            var outstanding = await queue.OutstandingJobIdsAsync(stoppingToken);
            var stranded = store.List(JobStatus.Queued, null, int.MaxValue).Concat(store.List(JobStatus.Running, null, int.MaxValue))
                .Where(job => !outstanding.Contains(job.Id))
                .OrderBy(job => job.CreatedAt)
                .ToList();
            foreach (var job in stranded)
            {
                logger.LogWarning("Job {JobId} was {State} but not in the queue (its process stopped): queued again", job.Id, job.State);
                await queue.EnqueueAsync(job.Id, job.ToBytes(), stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not recover stranded jobs at startup");
        }
    }

    private async Task WorkAsync(string consumer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            JobLease lease;
            try
            {
                lease = await queue.DequeueAsync(consumer, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Worker {Consumer} could not read the queue; retrying", consumer);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            try
            {
                await ProcessAsync(lease, consumer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Stopping: job {JobId} is left to be run again", lease.JobId);
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Worker {Consumer} failed on job {JobId}", consumer, lease.JobId);
            }
        }
    }

    private async Task ProcessAsync(JobLease lease, string consumer, CancellationToken stoppingToken)
    {
        var job = store.Find(lease.JobId);
        if (job is null && lease.Payload.Length > 0)
        {
            // Queued by another replica with its own store.
            job = TrainingMapping.JobFromBytes(lease.Payload);
            store.Add(job, "received from the queue");
        }
        if (job is null || JobStates.IsTerminal(job.State))
        {
            await queue.CompleteAsync(lease, stoppingToken);
            return;
        }
        if (job.CancelRequested)
        {
            store.End(job.Id, JobStatus.Cancelled, "cancelled by request");
            await queue.CompleteAsync(lease, stoppingToken);
            return;
        }
        if (job.Attempts >= settings.MaxAttempts)
        {
            store.End(job.Id, JobStatus.Failed,
                $"gave up after {job.Attempts} attempt(s): the worker running it ({job.Worker}) stopped before it finished each time");
            await queue.CompleteAsync(lease, stoppingToken);
            return;
        }

        while (!store.TryLease(job.Id, consumer, settings.Lease))
        {
            // Another worker holds it: wait until that one ends the job, or stops renewing its lease (it died).
            logger.LogInformation("Job {JobId} is leased to another worker; {Consumer} waits for it", job.Id, consumer);
            await queue.RenewAsync(lease, stoppingToken);
            await Task.Delay(settings.Heartbeat, stoppingToken);
            job = store.Find(job.Id);
            if (job is null || JobStates.IsTerminal(job.State))
            {
                await queue.CompleteAsync(lease, stoppingToken);
                return;
            }
        }

        var retry = job.State == JobStatus.Running ? $" (retry: worker {job.Worker} stopped while running it)" : "";
        var started = store.Update(job.Id, j =>
        {
            j.State = JobStatus.Running;
            j.Attempts++;
            j.Worker = consumer;
            j.StartedAt = store.Now();
            j.Error = "";
            j.Progress = null;
        }, $"started on {consumer}, attempt {job.Attempts + 1}{retry}");
        if (started is not { State: JobStatus.Running })
        {
            store.ReleaseLease(job.Id, consumer);
            await queue.CompleteAsync(lease, stoppingToken);
            return;
        }

        using var cancel = new CancellationTokenSource();
        using var leaseLost = new CancellationTokenSource();
        using var registration = running.Register(job.Id, cancel);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(lease, job.Id, cancel, leaseLost, heartbeatStop.Token);
        try
        {
            await runner.RunAsync(started, cancel.Token, leaseLost.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Its state, its lease and its queue entry are the new holder's: completing the entry would drop the job from the
            // queue were the new holder to die too.
            return;
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            store.ReleaseLease(job.Id, consumer);
        }
        await queue.CompleteAsync(lease, CancellationToken.None);
    }

    /// <summary>
    /// Renews the lease while the job runs, and passes on a cancel flagged in the store by another replica. A lease another
    /// worker took over (this one stalled past it and was presumed dead) stops the run, so that one job is not trained twice.
    /// </summary>
    private async Task HeartbeatAsync(JobLease lease, string jobId, CancellationTokenSource cancel, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(settings.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    // The store's lease first: renewing the queue entry of a job taken over would claim it back from its new holder.
                    if (!store.TryLease(jobId, lease.Consumer, settings.Lease))
                    {
                        logger.LogWarning("Job {JobId}: another worker took over its lease (this one was presumed dead); {Consumer} stops its run",
                            jobId, lease.Consumer);
                        await leaseLost.CancelAsync();
                        return;
                    }
                    await queue.RenewAsync(lease, stop);
                    if (store.Find(jobId) is { CancelRequested: true })
                    {
                        await cancel.CancelAsync();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not renew the lease of job {JobId}", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }
}
