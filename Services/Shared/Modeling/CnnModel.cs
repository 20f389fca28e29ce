using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling;

/// <summary>
/// The convolutional classifier described by a <see cref="CnnConfig"/>. Forward returns logits.
/// Weights are initialised and dropout is drawn from the model's own generator rather than
/// torch's global one, so that trainings running side by side in one process stay reproducible.
/// </summary>
public sealed class CnnModel : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> convs = new();
    private readonly ModuleList<BatchNorm2d> norms = new();
    private readonly ModuleList<ResidualUnit> residuals = new();
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly Generator generator;

    static CnnModel() => OneDnnIsa.EnsureCapped();

    public CnnModel(CnnConfig config, long seed = 0) : base("CnnModel")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var inChannels = config.InputChannels;
        foreach (var channels in config.ConvChannels)
        {
            // A bias before batch norm is cancelled by its mean subtraction.
            convs.Add(nn.Conv2d(inChannels, channels, config.KernelSize, padding: config.KernelSize / 2,
                bias: !config.BatchNorm));
            if (config.BatchNorm)
            {
                norms.Add(nn.BatchNorm2d(channels));
            }

            if (config.Residual)
            {
                residuals.Add(new ResidualUnit(channels, config.KernelSize));
            }

            inChannels = channels;
        }
        hidden = nn.Linear(config.FlattenedFeatures, config.HiddenUnits);
        output = nn.Linear(config.HiddenUnits, config.ClassCount);
        RegisterComponents();
        generator = new Generator((ulong)seed);
        InitializeWeights();
    }

    public CnnConfig Config { get; }

    internal IReadOnlyList<Conv2d> ConvLayers => [.. convs];

    /// <summary>One per conv layer when the config asks for batch norm, otherwise empty.</summary>
    internal IReadOnlyList<BatchNorm2d> NormLayers => [.. norms];

    /// <summary>One per conv block when the config asks for residual units, otherwise empty.</summary>
    internal IReadOnlyList<ResidualUnit> ResidualUnits => [.. residuals];

    internal Linear Hidden => hidden;

    internal Linear Output => output;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = convs[i].forward(x);
            if (Config.BatchNorm)
            {
                x = norms[i].forward(x);
            }

            x = nn.functional.max_pool2d(nn.functional.relu(x), 2);
            if (Config.Residual)
            {
                x = residuals[i].forward(x);
            }
        }
        x = nn.functional.relu(hidden.forward(x.flatten(1)));
        x = Dropout(x);
        return output.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>The dropout generator's state, for a checkpoint.</summary>
    internal byte[] GeneratorState()
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    internal void RestoreGeneratorState(byte[] state)
    {
        using var tensor = torch.tensor(state);
        generator.set_state(tensor);
    }

    /// <summary>Inverted dropout with the model's generator (nn.Dropout would use torch's global one).</summary>
    private Tensor Dropout(Tensor x)
    {
        var p = Config.Dropout;
        if (!training || p == 0)
        {
            return x;
        }

        var keep = rand(x.shape, generator: generator).ge_(p).to_type(x.dtype);
        return x.mul(keep).mul_(1.0 / (1.0 - p));
    }

    /// <summary>
    /// PyTorch's default for conv and linear layers: U(-1/sqrt(fan_in), 1/sqrt(fan_in)); batch norm starts
    /// as the identity (weight 1, bias 0), which needs no random numbers.
    /// </summary>
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var conv in convs)
        {
            InitializeConv(conv);
        }

        foreach (var unit in residuals)
        {
            InitializeConv(unit.First.Conv);
            InitializeConv(unit.Second.Conv);
        }
        InitializeLayer(hidden.weight, hidden.bias, hidden.in_features);
        InitializeLayer(output.weight, output.bias, output.in_features);
    }

    private void InitializeConv(Conv2d conv) =>
        InitializeLayer(conv.weight!, conv.bias, conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);

    private void InitializeLayer(Tensor weight, Tensor? bias, long fanIn)
    {
        // Tensor.uniform_ rather than nn.init.uniform_, which ignores its generator argument in TorchSharp 0.107.
        var bound = 1.0 / Math.Sqrt(fanIn);
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            generator.Dispose();
        }

        base.Dispose(disposing);
    }
}
