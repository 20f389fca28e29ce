using System.Runtime.CompilerServices;
using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

/// <summary>
/// A job's events for one watcher: its current state first, then every change until it ends. Changes come from this
/// process's <see cref="JobEventHub"/>; the store is also read every few seconds, for jobs another replica runs.
/// </summary>
public sealed class JobWatcher(JobStore store, JobEventHub events)
{
    private static readonly TimeSpan StorePoll = TimeSpan.FromSeconds(2);

    /// <summary>Null when there is no such job.</summary>
    public IAsyncEnumerable<JobChange>? Watch(string jobId, CancellationToken cancellationToken)
    {
        // Subscribe before reading the current state, so no change falls between the two.
        var subscription = events.Subscribe(jobId);
        var current = store.Find(jobId);
        if (current is null)
        {
            subscription.Dispose();
            return null;
        }
        return Follow(subscription, current, cancellationToken);
    }

    private async IAsyncEnumerable<JobChange> Follow(JobEventHub.Subscription subscription, TrainingJob current,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = subscription;
        yield return new JobChange(current, "current state");
        var last = current;
        while (!JobStates.IsTerminal(last.State))
        {
            JobChange? next = null;
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                poll.CancelAfter(StorePoll);
                try
                {
                    next = await subscription.Events.ReadAsync(poll.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // No event here for a while: look at the store.
                }
            }
            if (next is null)
            {
                var stored = store.Find(last.Id);
                if (stored is null || stored.Equals(last))
                {
                    continue;
                }

                next = new JobChange(stored, $"job {stored.State.ToString().ToLowerInvariant()}");
            }
            last = next.Job;
            yield return next;
        }
    }
}
