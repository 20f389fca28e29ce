namespace Mlops.Statistics;

/// <summary>
/// The limiting distribution of sqrt(n)·Dₙ (Kolmogorov's K), and the exact distribution of the one-sample
/// two-sided statistic Dₙ for finite n.
/// </summary>
public static class KolmogorovDistribution
{
    private const double SeriesTolerance = 1e-17;
    private const int MaxTerms = 200;

    /// <summary>P(K &gt; z) for the limiting Kolmogorov distribution (scipy.special.kolmogorov).</summary>
    public static double Survival(double z)
    {
        if (double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a number.");
        }

        if (z <= 0)
        {
            return 1;
        }

        return z < 1 ? 1 - CdfByThetaSeries(z) : SurvivalByAlternatingSeries(z);
    }

    /// <summary>P(K ≤ z) for the limiting Kolmogorov distribution.</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a number.");
        }

        if (z <= 0)
        {
            return 0;
        }

        return z < 1 ? CdfByThetaSeries(z) : 1 - SurvivalByAlternatingSeries(z);
    }

    // P(K > z) = 2 Σ (-1)^(j-1) exp(-2 j² z²): few terms for z >= 1, but cancels badly for small z.
    private static double SurvivalByAlternatingSeries(double z)
    {
        var sum = 0.0;
        var sign = 1.0;
        for (var j = 1; j <= MaxTerms; j++)
        {
            var term = Math.Exp(-2.0 * j * j * z * z);
            sum += sign * term;
            if (term <= SeriesTolerance * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    // P(K <= z) = sqrt(2π)/z Σ exp(-(2j-1)² π² / (8 z²)): the Jacobi-theta form, fast for small z.
    private static double CdfByThetaSeries(double z)
    {
        var sum = 0.0;
        var w = -Math.PI * Math.PI / (8 * z * z);
        for (var j = 1; j <= MaxTerms; j++)
        {
            var odd = 2.0 * j - 1;
            var term = Math.Exp(w * odd * odd);
            sum += term;
            if (term <= SeriesTolerance * sum)
            {
                break;
            }
        }

        return Math.Clamp(Math.Sqrt(2 * Math.PI) / z * sum, 0, 1);
    }

    /// <summary>
    /// P(Dₙ &lt; d) for the one-sample two-sided statistic with a continuous hypothesised CDF, computed exactly
    /// by the method of Marsaglia, Tsang and Wang (2003), "Evaluating Kolmogorov's distribution".
    /// Cost grows as (2·n·d)³·log n, so it is meant for small n (the one-sample test uses it for n &lt; 100).
    /// </summary>
    public static double ExactCdf(int n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(d))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "d must be a number.");
        }

        if (d <= 0.5 / n)
        {
            return 0;
        }

        if (d >= 1)
        {
            return 1;
        }

        var k = (int)(n * d) + 1;
        var m = 2 * k - 1;
        var h = k - n * d;
        var matrix = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                matrix[i * m + j] = i - j + 1 < 0 ? 0 : 1;
            }
        }

        for (var i = 0; i < m; i++)
        {
            matrix[i * m] -= Math.Pow(h, i + 1);
            matrix[(m - 1) * m + i] -= Math.Pow(h, m - i);
        }

        matrix[(m - 1) * m] += 2 * h - 1 > 0 ? Math.Pow(2 * h - 1, m) : 0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                for (var g = 1; g <= i - j + 1; g++)
                {
                    matrix[i * m + j] /= g;
                }
            }
        }

        var (power, exponent) = MatrixPower(matrix, m, n);
        var s = power[(k - 1) * m + (k - 1)];
        for (var i = 1; i <= n; i++)
        {
            s = s * i / n;
            if (s < 1e-140)
            {
                s *= 1e140;
                exponent -= 140;
            }
        }

        return Math.Clamp(s * Math.Pow(10, exponent), 0, 1);
    }

    /// <summary>
    /// P(Dₙ ≥ d), the exact one-sample two-sided p-value (see <see cref="ExactCdf"/>). Computed as 1 − CDF:
    /// accurate to about 1e-15 absolute, so p-values far below that read as 0 or as rounding noise.
    /// </summary>
    public static double ExactSurvival(int n, double d) => 1 - ExactCdf(n, d);

    // Repeated squaring with a decimal exponent kept aside, because the entries overflow for large n.
    private static (double[] Power, int Exponent) MatrixPower(double[] a, int m, int n)
    {
        if (n == 1)
        {
            return ((double[])a.Clone(), 0);
        }

        var (half, halfExponent) = MatrixPower(a, m, n / 2);
        var result = Multiply(half, half, m);
        var exponent = 2 * halfExponent;
        if (n % 2 == 1)
        {
            result = Multiply(a, result, m);
        }

        if (result[(m / 2) * m + m / 2] > 1e140)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] *= 1e-140;
            }

            exponent += 140;
        }

        return (result, exponent);
    }

    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var c = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i * m + k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    c[i * m + j] += aik * b[k * m + j];
                }
            }
        }

        return c;
    }
}
