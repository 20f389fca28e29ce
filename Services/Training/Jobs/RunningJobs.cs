namespace Mlops.Training.Jobs;

/// <summary>The jobs this process is running, so that a cancel reaches the worker running it.</summary>
public sealed class RunningJobs
{
    private readonly Dictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IDisposable Register(string jobId, CancellationTokenSource cancellation)
    {
        lock (gate)
        {
            running[jobId] = cancellation;
        }
        return new Registration(this, jobId);
    }

    /// <summary>Cancels the job if it runs here; false when it does not.</summary>
    public bool Cancel(string jobId)
    {
        CancellationTokenSource? cancellation;
        lock (gate)
        {
            cancellation = running.GetValueOrDefault(jobId);
        }
        cancellation?.Cancel();
        return cancellation is not null;
    }

    private sealed class Registration(RunningJobs owner, string jobId) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.running.Remove(jobId);
            }
        }
    }
}
