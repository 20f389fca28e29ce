using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Mlops.AppHost;

/// <summary>
/// Where the "cache" Redis comes from: a configured connection string, a container when a container engine answers,
/// Debian's redis-server as a local process when it does not, or nothing (each service then falls back to memory).
/// </summary>
internal static class CacheResources
{
    public const string Name = "cache";
    public const string RedisServerPath = "/usr/bin/redis-server";

    public static IResourceBuilder<IResourceWithConnectionString>? AddCache(this IDistributedApplicationBuilder builder)
    {
        var mode = CacheModes.Parse(builder.Configuration["Cache:Mode"]);
        if (mode == CacheMode.Auto)
        {
            mode = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(Name)) ? CacheMode.ConnectionString
                : ContainerEngineAnswers() ? CacheMode.Container
                : File.Exists(RedisServerPath) ? CacheMode.Executable
                : CacheMode.None;
        }

        return mode switch
        {
            CacheMode.ConnectionString => builder.AddConnectionString(Name),
            CacheMode.Container => builder.AddRedis(Name),
            CacheMode.Executable => builder.AddRedisServer(Name, RedisServerPath),
            _ => null,
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, string executable)
    {
        var workingDirectory = Directory.CreateDirectory(Path.Combine(builder.DataRootPath(), "redis")).FullName;
        var redis = new RedisServerResource(name, executable, workingDirectory);
        return builder.AddResource(redis)
            .WithEndpoint(RedisServerResource.EndpointName, endpoint => endpoint.UriScheme = "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                // A cache: nothing is persisted between runs.
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            });
    }

    private static bool ContainerEngineAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
            {
                return false;
            }

            if (!docker.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                docker.Kill();
                return false;
            }

            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

internal enum CacheMode
{
    Auto,
    ConnectionString,
    Container,
    Executable,
    None,
}

internal static class CacheModes
{
    public static CacheMode Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => CacheMode.Auto,
        "connection-string" or "connectionstring" => CacheMode.ConnectionString,
        "container" => CacheMode.Container,
        "executable" or "redis-server" => CacheMode.Executable,
        "none" or "memory" => CacheMode.None,
        _ => throw new InvalidOperationException(
            $"Cache:Mode '{text}' is not one of auto, connection-string, container, executable, none."),
    };
}
