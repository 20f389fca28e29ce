using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

/// <summary>One PostgreSQL server for a test class; each test gets a database of its own.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
