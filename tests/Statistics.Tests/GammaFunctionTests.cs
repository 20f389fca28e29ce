using MathNet.Numerics;

namespace Mlops.Statistics.Tests;

public class GammaFunctionTests
{
    public static TheoryData<double, double> Arguments()
    {
        var data = new TheoryData<double, double>();
        foreach (var a in new[] { 0.1, 0.5, 1, 1.5, 2.5, 5, 10, 50, 250, 1000 })
        {
            foreach (var ratio in new[] { 0.01, 0.3, 0.9, 1.0, 1.1, 2, 5 })
            {
                data.Add(a, a * ratio);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Regularized_incomplete_gamma_matches_MathNet(double a, double x)
    {
        // Oracle: MathNet.Numerics SpecialFunctions (independent implementation).
        Assert.Equal(SpecialFunctions.GammaUpperRegularized(a, x), GammaFunction.RegularizedUpper(a, x), 1e-10);
        Assert.Equal(SpecialFunctions.GammaLowerRegularized(a, x), GammaFunction.RegularizedLower(a, x), 1e-10);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void Upper_tail_keeps_relative_accuracy_far_out(double x)
    {
        // Closed forms: Q(1, x) = e^-x and Q(1/2, x) = erfc(sqrt x) (Abramowitz and Stegun 6.5.17).
        Assert.Equal(1.0, GammaFunction.RegularizedUpper(1, x) / Math.Exp(-x), 1e-12);
        Assert.Equal(1.0, GammaFunction.RegularizedUpper(0.5, x) / SpecialFunctions.Erfc(Math.Sqrt(x)), 1e-9);
    }

    [Theory]
    [InlineData(0.5, 0.57236494292470008)] // ln sqrt(pi)
    [InlineData(1.0, 0.0)]
    [InlineData(10.0, 12.801827480081469)] // ln 9! = ln 362880
    [InlineData(0.1, 2.2527126517342059)] // ln Γ(0.1) = ln 9.5135076986687318
    public void Log_gamma_matches_known_values(double x, double expected)
    {
        Assert.Equal(expected, GammaFunction.LogGamma(x), 1e-10);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(2.7)]
    [InlineData(171.5)]
    [InlineData(5000.25)]
    public void Log_gamma_matches_MathNet_relatively(double x)
    {
        var expected = SpecialFunctions.GammaLn(x);
        Assert.Equal(1.0, GammaFunction.LogGamma(x) / expected, 1e-12);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunction.RegularizedUpper(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunction.RegularizedUpper(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunction.RegularizedUpper(1, double.NaN));
    }
}
