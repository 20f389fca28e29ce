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

    public double BestLoss => bestLoss;

    /// <summary>Writes the snapshot (if any) for a checkpoint.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(snapshot is not null);
        if (snapshot is null)
        {
            return;
        }

        writer.Write(snapshot.Count);
        foreach (var (name, tensor) in snapshot)
        {
            writer.Write(name);
            TorchSharp.TensorExtensionMethods.Save(tensor, writer);
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Write"/>, shaped like the model's current weights.</summary>
    public void Read(BinaryReader reader, double loss)
    {
        Dispose();
        bestLoss = loss;
        if (!reader.ReadBoolean())
        {
            return;
        }

        var shapes = model.state_dict();
        var count = reader.ReadInt32();
        var loaded = new Dictionary<string, Tensor>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!shapes.TryGetValue(name, out var like))
            {
                throw new InvalidDataException($"The checkpoint's best weights hold '{name}', which this network does not have.");
            }

            var tensor = zeros_like(like);
            TorchSharp.TensorExtensionMethods.Load(tensor, reader);
            loaded[name] = tensor;
        }
        snapshot = loaded;
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
