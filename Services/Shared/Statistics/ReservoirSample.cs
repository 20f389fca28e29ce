using System.Collections.Immutable;

namespace Mlops.Statistics;

/// <summary>
/// A uniform random sample of at most <see cref="Capacity"/> values from a stream of unknown length
/// (Vitter's Algorithm R). Every value seen has the same chance Capacity / Seen of being kept. The same seed
/// and the same stream always give the same sample.
/// </summary>
public sealed class ReservoirSample
{
    private readonly double[] _values;
    private SplitMix64 _random;

    /// <summary>Creates an empty reservoir.</summary>
    public ReservoirSample(int capacity, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new double[capacity];
        _random = new SplitMix64(seed);
    }

    /// <summary>The most values kept.</summary>
    public int Capacity => _values.Length;

    /// <summary>How many values were offered.</summary>
    public long Seen { get; private set; }

    /// <summary>How many values are held: min(Seen, Capacity).</summary>
    public int Count => (int)Math.Min(Seen, _values.Length);

    /// <summary>The values held, in no particular order.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Offers one value to the reservoir.</summary>
    public void Add(double value)
    {
        Seen++;
        if (Seen <= _values.Length)
        {
            _values[Seen - 1] = value;
            return;
        }

        var slot = _random.NextBelow((ulong)Seen);
        if (slot < (ulong)_values.Length)
        {
            _values[slot] = value;
        }
    }

    /// <summary>An immutable copy of the values held.</summary>
    public ImmutableArray<double> ToImmutableArray() => ImmutableArray.Create(Values.ToArray());
}
