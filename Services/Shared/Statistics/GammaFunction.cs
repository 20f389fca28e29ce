namespace Mlops.Statistics;

/// <summary>Log-gamma and the regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).</summary>
public static class GammaFunction
{
    // Lanczos approximation, g = 7, nine coefficients: relative error around 1e-15 for x >= 0.5.
    private const double LanczosG = 7.0;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private const double Epsilon = 1e-16;
    private const double TinyDenominator = 1e-300;

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0 only.");
        }

        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in the range where it is accurate.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }

        var t = x + LanczosG + 0.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).</summary>
    public static double RegularizedLower(double a, double x)
    {
        Validate(a, x);
        if (x == 0)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 1;
        }

        return x < a + 1 ? LowerBySeries(a, x) : 1 - UpperByContinuedFraction(a, x);
    }

    /// <summary>Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 - P(a, x).</summary>
    public static double RegularizedUpper(double a, double x)
    {
        Validate(a, x);
        if (x == 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        // Each branch computes the smaller of P and Q directly, so tail probabilities keep their digits.
        return x < a + 1 ? 1 - LowerBySeries(a, x) : UpperByContinuedFraction(a, x);
    }

    private static void Validate(double a, double x)
    {
        if (!(a > 0) || double.IsInfinity(a))
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "The shape a must be positive and finite.");
        }

        if (!(x >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be non-negative.");
        }
    }

    private static double Prefactor(double a, double x) => Math.Exp(-x + a * Math.Log(x) - LogGamma(a));

    private static int MaxIterations(double a) => 1000 + (int)(20 * Math.Sqrt(a));

    // P(a, x) = e^-x x^a / Γ(a+1) * Σ x^n / ((a+1)...(a+n)); converges quickly for x < a + 1.
    private static double LowerBySeries(double a, double x)
    {
        var denominator = a;
        var term = 1.0 / a;
        var sum = term;
        var maxIterations = MaxIterations(a);
        for (var n = 0; n < maxIterations; n++)
        {
            denominator += 1;
            term *= x / denominator;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return sum * Prefactor(a, x);
    }

    // Q(a, x) by Legendre's continued fraction, evaluated with the modified Lentz method; converges for x >= a + 1.
    private static double UpperByContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / TinyDenominator;
        var d = 1 / b;
        var h = d;
        var maxIterations = MaxIterations(a);
        for (var i = 1; i <= maxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < TinyDenominator)
            {
                d = TinyDenominator;
            }

            c = b + an / c;
            if (Math.Abs(c) < TinyDenominator)
            {
                c = TinyDenominator;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Prefactor(a, x) * h;
    }
}
