using System.Net;
using System.Net.Sockets;

namespace Mlops.Cli.Tests;

/// <summary>Addresses where nothing listens: a loopback port just released.</summary>
public static class Unreachable
{
    public static readonly string Address = $"http://127.0.0.1:{FreePort()}";

    public static readonly string[] Everywhere =
        ["--ingestion", Address, "--training", Address, "--registry", Address, "--inference", Address, "--drift", Address];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
