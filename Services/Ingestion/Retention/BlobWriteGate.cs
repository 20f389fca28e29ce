namespace Mlops.Ingestion.Retention;

/// <summary>
/// Keeps garbage collection and version writes apart in this process: a write (import, upload, pull) stores blobs before
/// the row that refers to them, so a collection running in between would see them unreferenced and delete them.
/// Writes run side by side; a collection waits for the running writes to end and holds new ones back until it is done.
/// </summary>
public sealed class BlobWriteGate
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim collection = new(1, 1);
    private int writes;

    public int RunningWrites => Volatile.Read(ref writes);

    public async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await collection.WaitAsync(cancellationToken);
        Interlocked.Increment(ref writes);
        collection.Release();
        return new Release(() => Interlocked.Decrement(ref writes));
    }

    public async Task<IDisposable> EnterCollectionAsync(CancellationToken cancellationToken)
    {
        await collection.WaitAsync(cancellationToken);
        try
        {
            while (Volatile.Read(ref writes) > 0)
            {
                await Task.Delay(IdlePoll, cancellationToken);
            }
        }
        catch
        {
            collection.Release();
            throw;
        }

        return new Release(() => collection.Release());
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                release();
            }
        }
    }
}
