using System.Globalization;
using Mlops.Imaging;
using Mlops.Inference.Batching;
using Mlops.Scoring;

namespace Mlops.Inference.Serving;

/// <summary>
/// One loaded model version with its batcher. Requests hold a lease while they use it; when a newer version replaces it,
/// it is retired and disposed only once its last lease is released, so a swap never fails a request in flight.
/// </summary>
public sealed class ServedModel
{
    private int leases;
    private int retired;
    private int disposed;

    /// <param name="datasetVersionId">The dataset version of the model's lineage; empty when the registry has none.</param>
    /// <param name="runId">The training run of the model's lineage; empty when the registry has none.</param>
    public ServedModel(
        string name, int version, string alias, string onnxSha256, OnnxClassifier classifier, IReadOnlyList<string> classNames, DynamicBatcher batcher,
        string datasetVersionId = "", string runId = "")
    {
        Name = name;
        Version = version;
        Alias = alias;
        OnnxSha256 = onnxSha256;
        Classifier = classifier;
        ClassNames = classNames;
        Batcher = batcher;
        VersionText = version.ToString(CultureInfo.InvariantCulture);
        VersionTag = version;
        Lineage = new ModelLineage(name, version, datasetVersionId, runId, onnxSha256, classNames);
    }

    public string Name { get; }

    public int Version { get; }

    public string Alias { get; }

    public string OnnxSha256 { get; }

    public OnnxClassifier Classifier { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public DynamicBatcher Batcher { get; }

    public ModelLineage Lineage { get; }

    public ImageShape InputShape => Classifier.InputShape;

    public int ClassCount => Classifier.ClassCount;

    public string VersionText { get; }

    /// <summary>The version boxed once, so metric tags do not box it on every request.</summary>
    public object VersionTag { get; }

    public bool IsRetired => Volatile.Read(ref retired) == 1;

    internal bool TryAcquire()
    {
        Interlocked.Increment(ref leases);
        if (Volatile.Read(ref retired) == 1)
        {
            Release();
            return false;
        }

        return true;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref leases) == 0 && Volatile.Read(ref retired) == 1)
        {
            DisposeOnce();
        }
    }

    /// <summary>Stops new leases; disposes now if nobody holds one, else when the last holder releases it.</summary>
    internal void Retire()
    {
        // Exchange is a full fence: the read of the lease count below cannot move before the write.
        Interlocked.Exchange(ref retired, 1);
        if (Volatile.Read(ref leases) == 0)
        {
            DisposeOnce();
        }
    }

    private void DisposeOnce()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Batcher.Dispose();
            Classifier.Dispose();
        }
    }
}
