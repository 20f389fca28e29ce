namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// Hands out items in proportion to their weights with a precomputed smooth round-robin
/// sequence: exact shares over every cycle, lock-free, and no two picks of a heavy item bunched up.
/// </summary>
internal sealed class WeightedPicker<T>
{
    private readonly T[] _sequence;
    private long _next = -1;

    public WeightedPicker(IReadOnlyList<(T Item, int Weight)> items)
    {
        if (items.Count == 0 || items.Any(i => i.Weight < 1))
        {
            throw new ArgumentException("Need at least one item, each with a weight of 1 or more.", nameof(items));
        }

        var total = items.Sum(i => i.Weight);
        var current = new long[items.Count];
        _sequence = new T[total];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < items.Count; i++)
            {
                current[i] += items[i].Weight;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            _sequence[slot] = items[best].Item;
        }
    }

    public T Next() => _sequence[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_sequence.Length)];
}
