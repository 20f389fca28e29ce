using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling.Compression;

/// <summary>
/// Magnitude pruning: in every convolution and fully connected weight, the given share of the entries with the smallest
/// absolute value is set to zero (layer by layer, so no layer is emptied). Biases and batch-norm parameters are kept.
/// The returned masks hold the pattern so fine-tuning can keep the pruned weights at zero.
/// </summary>
public static class MagnitudePruner
{
    public static PruningMasks Prune(CnnModel model, double sparsity)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (sparsity is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparsity must be in (0, 1).");
        }

        var masks = new List<(Parameter Weight, Tensor Mask)>();
        using var noGrad = no_grad();
        foreach (var weight in PrunableWeights(model))
        {
            var count = weight.numel();
            var pruned = (long)Math.Round(count * sparsity);
            Tensor mask;
            if (pruned == 0)
            {
                mask = ones_like(weight);
            }
            else
            {
                using var magnitudes = weight.detach().abs().flatten();
                using var sorted = magnitudes.sort().Values;
                using var threshold = sorted[pruned - 1];
                mask = weight.detach().abs().gt(threshold).to_type(weight.dtype);
            }
            masks.Add((weight, mask));
        }

        var result = new PruningMasks(masks);
        result.Apply();
        return result;
    }

    /// <summary>Share of the prunable weights (convolutions and fully connected layers) that are exactly zero.</summary>
    public static double Sparsity(CnnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long zeros = 0, total = 0;
        using var noGrad = no_grad();
        foreach (var weight in PrunableWeights(model))
        {
            total += weight.numel();
            zeros += weight.eq(0).sum().item<long>();
        }
        return total == 0 ? 0 : (double)zeros / total;
    }

    internal static IEnumerable<Parameter> PrunableWeights(CnnModel model)
    {
        foreach (var conv in model.ConvLayers)
        {
            yield return conv.weight!;
        }

        foreach (var unit in model.ResidualUnits)
        {
            yield return unit.First.Conv.weight!;
            yield return unit.Second.Conv.weight!;
        }

        yield return model.Hidden.weight!;
        yield return model.Output.weight!;
    }
}

/// <summary>Which weights pruning set to zero; <see cref="Apply"/> sets them to zero again after an optimiser step.</summary>
public sealed class PruningMasks(IReadOnlyList<(Parameter Weight, Tensor Mask)> masks) : IDisposable
{
    public void Apply()
    {
        using var noGrad = no_grad();
        foreach (var (weight, mask) in masks)
        {
            weight.mul_(mask);
        }
    }

    public void Dispose()
    {
        foreach (var (_, mask) in masks)
        {
            mask.Dispose();
        }
    }
}
