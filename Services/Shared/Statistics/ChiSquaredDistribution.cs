namespace Mlops.Statistics;

/// <summary>The chi-squared distribution with k degrees of freedom.</summary>
public static class ChiSquaredDistribution
{
    /// <summary>P(X ≤ x).</summary>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        ValidateDegrees(degreesOfFreedom);
        return x <= 0 ? 0 : GammaFunction.RegularizedLower(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>P(X &gt; x), the p-value of an observed chi-squared statistic x.</summary>
    public static double Survival(double x, double degreesOfFreedom)
    {
        ValidateDegrees(degreesOfFreedom);
        return x <= 0 ? 1 : GammaFunction.RegularizedUpper(degreesOfFreedom / 2, x / 2);
    }

    private static void ValidateDegrees(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive.");
        }
    }
}
