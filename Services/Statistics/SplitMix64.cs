namespace Mlops.Statistics;

// A tiny seeded generator (Steele, Lea and Flood, 2014) whose output is fixed by its definition, unlike
// System.Random, so a reservoir built from the same data and seed is the same on every runtime.
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound) without modulo bias: reject the top partial block.
    public ulong NextBelow(ulong bound)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong value;
        do
        {
            value = Next();
        }
        while (value >= limit);

        return value % bound;
    }
}
