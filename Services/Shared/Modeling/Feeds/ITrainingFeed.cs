using static TorchSharp.torch;

namespace Mlops.Modeling.Feeds;

/// <summary>An endless, ordered stream of training batches: epoch after epoch, each in a new shuffled order.</summary>
internal interface ITrainingFeed : IDisposable
{
    /// <summary>Time the training thread spent waiting for data so far.</summary>
    TimeSpan WaitTime { get; }

    /// <summary>The next batch as tensors; call inside the step's dispose scope so they are freed with it.</summary>
    (Tensor Images, Tensor Labels) Next(CancellationToken cancellationToken);
}
