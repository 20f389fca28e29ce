using System.Diagnostics;
using System.Net.Sockets;
using Mlops.TestSupport;

namespace Mlops.Training.Tests;

/// <summary>A real redis-server (Debian's /usr/bin/redis-server) on a free loopback port, without persistence, for one test class.</summary>
public sealed class RedisServer : IDisposable
{
    public const string Executable = "/usr/bin/redis-server";
    private readonly Process process;

    public RedisServer()
    {
        // The port was free when chosen; if another process binds it first, redis-server exits and we try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            process = Process.Start(new ProcessStartInfo(Executable)
            {
                ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            if (Listening(process, Port))
                return;
            process.Dispose();
            if (attempt == 5)
                throw new InvalidOperationException($"redis-server did not listen on a free port in {attempt} attempts.");
        }
    }

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>True once the server accepts connections; false if it exited first (its port was taken).</summary>
    private static bool Listening(Process process, int port)
    {
        // Generous for a loaded machine; it returns as soon as the server accepts a connection.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return !process.HasExited;
            }
            catch (SocketException) when (!process.HasExited)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException($"redis-server did not accept connections on port {port} within 60 s.");
                Thread.Sleep(50);
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
