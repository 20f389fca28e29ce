using Mlops.Frontend.Platform;

namespace Mlops.Frontend.Tests.Platform;

public sealed class PredictionBatchesTests
{
    [Fact]
    public void Images_are_grouped_in_order_up_to_the_largest_batch()
    {
        var groups = PredictionBatches.Split(Enumerable.Range(0, 150), _ => 1_000);

        Assert.Equal([64, 64, 22], groups.Select(group => group.Count));
        Assert.Equal(Enumerable.Range(0, 150), groups.SelectMany(group => group));
    }

    [Fact]
    public void A_group_stays_under_the_byte_limit_and_a_bigger_image_travels_alone()
    {
        const long megabyte = 1024 * 1024;
        long[] sizes = [3 * megabyte, 2 * megabyte, 8 * megabyte, megabyte, megabyte];

        var groups = PredictionBatches.Split(sizes, size => size);

        Assert.Equal([[3 * megabyte], [2 * megabyte], [8 * megabyte], [megabyte, megabyte]], groups.Select(group => group.ToArray()));
        Assert.Empty(PredictionBatches.Split(Array.Empty<long>(), size => size));
    }
}
