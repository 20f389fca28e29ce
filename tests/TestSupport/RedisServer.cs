using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Mlops.TestSupport;

/// <summary>
/// A real redis-server (Debian's <see cref="Executable"/>) on a free loopback port, without persistence.
/// <see cref="StartAsync"/> returns once it accepts connections; <see cref="StopAsync"/> kills it, e.g. to check that a
/// service keeps serving when its cache dies.
/// </summary>
/// <example>
/// <code>
/// await using var redis = await RedisServer.StartAsync();
/// settings["ConnectionStrings__cache"] = redis.ConnectionString;
/// </code>
/// </example>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Where Debian's redis-server package installs the server.</summary>
    public const string Executable = "/usr/bin/redis-server";

    // Generous for a loaded machine; the wait ends as soon as the server accepts a connection.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // FreePort hands out a port that is free now; another process can bind it before redis-server does.
    private const int PortAttempts = 5;

    private Process? process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    /// <summary>Whether <see cref="Executable"/> exists (apt-get install redis-server; CI installs it).</summary>
    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port", as StackExchange.Redis and ConnectionStrings__cache take it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port and waits until it accepts connections, trying another port if its port was taken.</summary>
    public static Task<RedisServer> StartAsync() => LaunchOnAsync(null);

    /// <summary>
    /// Starts a server on <paramref name="port"/> (e.g. one a service was told before Redis was up) and waits until it
    /// accepts connections; fails if the port is taken.
    /// </summary>
    public static Task<RedisServer> StartOnAsync(int port) => LaunchOnAsync(port);

    private static async Task<RedisServer> LaunchOnAsync(int? fixedPort)
    {
        if (!IsInstalled)
        {
            throw new FileNotFoundException($"{Executable} is not installed (apt-get install redis-server).", Executable);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = fixedPort ?? FreePort.Next();
            var process = Launch(port);
            if (await AcceptsConnectionsAsync(process, port))
            {
                return new RedisServer(process, port);
            }

            process.Dispose();
            if (attempt == PortAttempts || fixedPort is not null)
            {
                throw new InvalidOperationException($"redis-server exited before it listened, on {attempt} free ports in a row; the last was {port}.");
            }
        }
    }

    /// <summary>Kills the server (as a crash would) and waits for it to exit; later calls do nothing.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref process, null) is not { } running)
        {
            return;
        }

        if (!running.HasExited)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }

        running.Dispose();
    }

    /// <summary>Kills the server, like <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private static Process Launch(int port)
    {
        var process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{Executable} did not start.");
        // Drained so that a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>True once the server accepts a connection; false if it exited first (its port was taken).</summary>
    private static async Task<bool> AcceptsConnectionsAsync(Process process, int port)
    {
        var waited = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                // Another process that took the port would answer too; then redis-server has exited by now.
                return !process.HasExited;
            }
            catch (SocketException) when (waited.Elapsed < StartTimeout)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
                throw new TimeoutException($"redis-server did not accept connections on port {port} within {StartTimeout.TotalSeconds:0} s.");
            }
        }

        return false;
    }
}
