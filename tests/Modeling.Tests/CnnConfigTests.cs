namespace Mlops.Modeling.Tests;

public class CnnConfigTests
{
    [Fact]
    public void Configs_with_the_same_layers_are_equal_even_with_different_list_instances()
    {
        var a = new CnnConfig { ConvChannels = [16, 32] };
        var b = new CnnConfig { ConvChannels = new List<int> { 16, 32 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { ConvChannels = [16, 64] });
        Assert.Equal("conv[16,32] k3 fc128 dropout0.25 input1x28x28 classes10", a.ToString());
    }

    [Fact]
    public void Even_kernels_and_too_many_poolings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new CnnConfig { KernelSize = 4 }.Validate());
        Assert.Throws<ArgumentException>(() => new CnnConfig { ConvChannels = [8, 8, 8, 8, 8] }.Validate());
    }
}
