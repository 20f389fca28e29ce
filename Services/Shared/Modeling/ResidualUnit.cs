using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling;

/// <summary>
/// ResNet's basic block: relu(x + bn2(conv2(relu(bn1(conv1(x)))))), both convolutions keeping the channels and
/// the size. (Adding after the second ReLU instead made the first block's gradients NaN within a few steps here.)
/// </summary>
public sealed class ResidualUnit : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;

    public ResidualUnit(int channels, int kernelSize) : base("ResidualUnit")
    {
        conv1 = nn.Conv2d(channels, channels, kernelSize, padding: kernelSize / 2, bias: false);
        norm1 = nn.BatchNorm2d(channels);
        conv2 = nn.Conv2d(channels, channels, kernelSize, padding: kernelSize / 2, bias: false);
        norm2 = nn.BatchNorm2d(channels);
        RegisterComponents();
    }

    internal (Conv2d Conv, BatchNorm2d Norm) First => (conv1, norm1);

    internal (Conv2d Conv, BatchNorm2d Norm) Second => (conv2, norm2);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(norm1.forward(conv1.forward(input)));
        y = norm2.forward(conv2.forward(y));
        return nn.functional.relu(input.add(y)).MoveToOuterDisposeScope();
    }
}
