using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling.Onnx;

/// <summary>
/// At inference batch norm is y = (x - mean) / sqrt(var + eps) * gamma + beta per channel, so it merges into
/// the convolution before it: W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps).
/// Computed in float64 so the folded graph stays within the export tolerance of the unfolded model.
/// </summary>
internal static class BatchNormFolding
{
    public static (Tensor Weight, Tensor Bias) Fold(Conv2d conv, BatchNorm2d? norm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = conv.weight!.detach().to_type(ScalarType.Float64);
        var bias = conv.bias is { } b
            ? b.detach().to_type(ScalarType.Float64)
            : zeros(weight.shape[0], dtype: ScalarType.Float64);
        if (norm is not null)
        {
            var scale = norm.weight!.detach().to_type(ScalarType.Float64)
                .div(norm.running_var!.to_type(ScalarType.Float64).add(norm.eps).sqrt());
            weight = weight.mul(scale.reshape(-1, 1, 1, 1));
            bias = bias.sub(norm.running_mean!.to_type(ScalarType.Float64)).mul(scale)
                .add(norm.bias!.detach().to_type(ScalarType.Float64));
        }
        return (weight.to_type(ScalarType.Float32).MoveToOuterDisposeScope(),
            bias.to_type(ScalarType.Float32).MoveToOuterDisposeScope());
    }
}
