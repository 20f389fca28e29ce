using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Mlops.TestSupport;

namespace Mlops.Ingestion.Tests;

/// <summary>The ingestion service with a real redis-server (Debian's) as its "cache" connection.</summary>
public sealed class IngestionServiceWithRedis : IngestionServiceProcess
{
    public const string RedisServer = "/usr/bin/redis-server";
    private Process? redis;

    public int RedisPort { get; } = FreePort.Next();

    public static bool RedisInstalled => File.Exists(RedisServer);

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment =>
        new Dictionary<string, string> { ["ConnectionStrings__cache"] = $"127.0.0.1:{RedisPort}" };

    public override async Task InitializeAsync()
    {
        if (!RedisInstalled)
        {
            return;
        }

        redis = Process.Start(new ProcessStartInfo(RedisServer,
            ["--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        redis.OutputDataReceived += (_, _) => { };
        redis.BeginOutputReadLine();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", RedisPort);
                break;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(60) && !redis.HasExited)
            {
            }
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (redis is null)
        {
            return;
        }

        redis.Kill();
        await redis.WaitForExitAsync();
        redis.Dispose();
    }
}

public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!IngestionServiceWithRedis.RedisInstalled)
        {
            Skip = $"{IngestionServiceWithRedis.RedisServer} is not installed (apt-get install redis-server; CI installs it).";
        }
    }
}
