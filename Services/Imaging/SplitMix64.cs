namespace Mlops.Imaging;

/// <summary>
/// A tiny seeded generator (SplitMix64). Its sequence is fixed by its definition, not by a runtime's
/// <see cref="Random"/>, so a seed reproduces the same perturbation on any .NET version, and it
/// allocates nothing.
/// </summary>
internal struct SplitMix64(long seed)
{
    private ulong _state = (ulong)seed;
    private double _spare;
    private bool _hasSpare;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, exclusiveMax).</summary>
    public int NextInt(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);

    /// <summary>Standard normal, by Box-Muller; each pair of uniforms gives two values.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u = 1.0 - NextDouble(); // (0, 1], so the log is finite
        double v = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * v);
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}
