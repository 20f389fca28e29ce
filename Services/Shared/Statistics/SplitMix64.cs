namespace Mlops.Statistics;

/// <summary>
/// A tiny seeded generator (SplitMix64: Steele, Lea and Flood, 2014). Its output is fixed by its definition, unlike
/// <see cref="Random"/>, so a seed gives the same split, reservoir or perturbation on every runtime, and it allocates
/// nothing. A mutable struct: pass it by reference.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;
    private double _spareGaussian;
    private bool _hasSpareGaussian;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) without modulo bias: the top partial block is rejected.</summary>
    public ulong NextBelow(ulong bound)
    {
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong value;
        do
        {
            value = Next();
        }
        while (value >= limit);

        return value % bound;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal, by Box-Muller; each pair of uniforms gives two values.</summary>
    public double NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }

        var u = 1.0 - NextDouble(); // (0, 1], so the log is finite
        var v = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * v);
        _spareGaussian = radius * sin;
        _hasSpareGaussian = true;
        return radius * cos;
    }
}
