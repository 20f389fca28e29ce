using static TorchSharp.torch;

namespace Mlops.Modeling;

/// <summary>A copy of the model's weights from the epoch with the lowest validation loss.</summary>
internal sealed class BestWeights(CnnModel model) : IDisposable
{
    private Dictionary<string, Tensor>? snapshot;
    private double bestLoss = double.PositiveInfinity;

    /// <summary>Keeps the current weights if <paramref name="validationLoss"/> is the lowest so far.</summary>
    public bool Offer(double validationLoss)
    {
        if (!(validationLoss < bestLoss))
        {
            return false;
        }

        bestLoss = validationLoss;
        Dispose();
        snapshot = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        return true;
    }

    public void Restore()
    {
        if (snapshot is null)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            tensor.copy_(snapshot[name]);
        }
    }

    public void Dispose()
    {
        if (snapshot is null)
        {
            return;
        }

        foreach (var tensor in snapshot.Values)
        {
            tensor.Dispose();
        }

        snapshot = null;
    }
}
