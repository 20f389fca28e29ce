using Mlops.TestSupport;

namespace Mlops.Training.Tests;

/// <summary>One redis-server for all the tests of a class: xunit starts and stops a class fixture through IAsyncLifetime.</summary>
public sealed class SharedRedisServer : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public Task DisposeAsync() => Server?.StopAsync() ?? Task.CompletedTask;
}
