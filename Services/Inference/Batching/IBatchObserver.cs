namespace Mlops.Inference.Batching;

/// <summary>Hears about each run: how many images it held and how long each waited in the queue.</summary>
public interface IBatchObserver
{
    void BatchRan(int size, object versionTag);

    void QueueWaited(TimeSpan delay, object versionTag);
}
