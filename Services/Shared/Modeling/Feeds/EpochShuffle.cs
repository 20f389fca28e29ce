namespace Mlops.Modeling.Feeds;

/// <summary>A fresh permutation of the sample indices for each epoch, the same sequence for the same seed.</summary>
internal sealed class EpochShuffle(int count, long seed)
{
    private readonly Random random = new(unchecked((int)seed ^ (int)(seed >> 32)));

    public int[] NextOrder()
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        return order;
    }

    /// <summary>Draws the orders of <paramref name="epochs"/> epochs without using them, as a resumed run starts later.</summary>
    public void Skip(int epochs)
    {
        for (var i = 0; i < epochs; i++)
        {
            NextOrder();
        }
    }
}
