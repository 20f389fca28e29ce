namespace Mlops.Inference.Batching;

/// <summary>
/// Hears about each run (how many images it held, how long each waited in the queue), each request refused because the
/// queue was full, and each dropped from the queue because its caller had gone.
/// </summary>
public interface IBatchObserver
{
    void BatchRan(int size, object versionTag);

    void QueueWaited(TimeSpan delay, object versionTag);

    void Rejected(object versionTag);

    void Abandoned(object versionTag);
}
