using System.Threading.Channels;
using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

/// <summary>Hands every change of a job to the watchers of that job, each through its own channel.</summary>
public sealed class JobEventHub
{
    private readonly Dictionary<string, List<Channel<JobChange>>> watchers = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>A channel of the job's coming events; dispose the subscription to stop watching.</summary>
    public Subscription Subscribe(string jobId)
    {
        var channel = Channel.CreateUnbounded<JobChange>(new UnboundedChannelOptions { SingleReader = true });
        lock (gate)
        {
            if (!watchers.TryGetValue(jobId, out var list))
            {
                watchers[jobId] = list = [];
            }

            list.Add(channel);
        }
        return new Subscription(this, jobId, channel);
    }

    public void Publish(TrainingJob job, string message)
    {
        List<Channel<JobChange>>? targets;
        lock (gate)
        {
            targets = watchers.TryGetValue(job.Id, out var list) ? [.. list] : null;
        }
        foreach (var channel in targets ?? [])
        {
            channel.Writer.TryWrite(new JobChange(job.Clone(), message));
        }
    }

    private void Remove(string jobId, Channel<JobChange> channel)
    {
        lock (gate)
        {
            if (watchers.TryGetValue(jobId, out var list) && list.Remove(channel) && list.Count == 0)
            {
                watchers.Remove(jobId);
            }
        }
    }

    public sealed class Subscription(JobEventHub hub, string jobId, Channel<JobChange> channel) : IDisposable
    {
        public ChannelReader<JobChange> Events => channel.Reader;

        public void Dispose() => hub.Remove(jobId, channel);
    }
}
