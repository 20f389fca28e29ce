using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

/// <summary>The ingestion service with a real redis-server (Debian's) as its "cache" connection.</summary>
public sealed class IngestionServiceWithRedis : IngestionServiceProcess
{
    private RedisServer? redis;

    public int RedisPort => redis?.Port ?? throw new InvalidOperationException("redis-server is not running.");

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment =>
        new Dictionary<string, string> { ["ConnectionStrings__cache"] = redis!.ConnectionString };

    public override async Task InitializeAsync()
    {
        if (!RedisServer.IsInstalled)
        {
            return;
        }

        redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!RedisServer.IsInstalled)
        {
            Skip = $"{RedisServer.Executable} is not installed (apt-get install redis-server; CI installs it).";
        }
    }
}
