using System.Net;
using System.Net.Sockets;

namespace Mlops.TestSupport;

/// <summary>Loopback TCP ports nobody is listening on.</summary>
public static class FreePort
{
    /// <summary>A port the system just handed out for 127.0.0.1 and released again; free unless another process grabs it first.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
