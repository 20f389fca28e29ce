using Mlops.Imaging;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Reading;

namespace Mlops.Ingestion.Tests;

public sealed class SplitCacheTests
{
    private static readonly ImageShape Tiny = new(1, 1, 1);

    [Fact]
    public async Task Loads_once_and_evicts_the_least_recently_used_beyond_the_budget()
    {
        var cache = new SplitCache(budgetBytes: 200);
        var loads = new Dictionary<string, int>();
        Task<LabelledImages> Get(string key) => cache.GetOrLoadAsync(key, 100, () =>
        {
            loads[key] = loads.GetValueOrDefault(key) + 1;
            return Task.FromResult(LabelledImages.Empty(Tiny));
        });

        await Get("a");
        await Get("b");
        await Get("a");
        await Get("c");
        await Get("a");
        await Get("b");

        Assert.Equal(1, loads["a"]);
        Assert.Equal(2, loads["b"]);
        Assert.Equal(1, loads["c"]);
        Assert.Equal(200, cache.TotalBytes);
    }

    [Fact]
    public async Task A_failed_load_is_not_cached()
    {
        var cache = new SplitCache(budgetBytes: 1000);
        var attempts = 0;
        Task<LabelledImages> Load() => ++attempts == 1 ? throw new IOException("disk") : Task.FromResult(LabelledImages.Empty(Tiny));

        await Assert.ThrowsAsync<IOException>(() => cache.GetOrLoadAsync("a", 10, Load));
        await cache.GetOrLoadAsync("a", 10, Load);

        Assert.Equal(2, attempts);
    }
}
