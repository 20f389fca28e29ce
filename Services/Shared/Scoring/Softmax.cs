namespace Mlops.Scoring;

public static class Softmax
{
    /// <summary>Turns each row of <paramref name="width"/> logits into probabilities, stable for large logits.</summary>
    public static void InPlace(Span<float> rows, int width)
    {
        for (var start = 0; start + width <= rows.Length; start += width)
        {
            var row = rows.Slice(start, width);
            var max = float.NegativeInfinity;
            foreach (var value in row)
            {
                max = Math.Max(max, value);
            }

            var sum = 0f;
            for (var index = 0; index < row.Length; index++)
            {
                row[index] = MathF.Exp(row[index] - max);
                sum += row[index];
            }

            for (var index = 0; index < row.Length; index++)
            {
                row[index] /= sum;
            }
        }
    }

    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var index = 1; index < row.Length; index++)
        {
            if (row[index] > row[best])
            {
                best = index;
            }
        }

        return best;
    }
}
