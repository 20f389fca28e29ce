namespace Mlops.Inference.Batching;

/// <summary>Hears about each run (how many images it held, how long each waited in the queue) and each request refused because the queue was full.</summary>
public interface IBatchObserver
{
    void BatchRan(int size, object versionTag);

    void QueueWaited(TimeSpan delay, object versionTag);

    void Rejected(object versionTag);
}
